"""Staff pages of the monitoring team, under /<language>/monitoring/.

The entry page (``entry_urls``), the lists, event and person pages
(``page_urls``) and the duplicate review (``duplicate_urls``) each keep their
own URL list; this module joins them under one namespace.
"""

from nama.monitoring import duplicate_urls, entry_urls, page_urls

app_name = "monitoring"

urlpatterns = [
    *entry_urls.urlpatterns,
    *duplicate_urls.urlpatterns,
    *page_urls.urlpatterns,
]
