"""Staff pages of the network section (``/<lang>/network/``, namespace ``network``)."""

from nama.network import member_urls, space_staff_urls, training_urls

app_name = "network"

urlpatterns = member_urls.urlpatterns + space_staff_urls.urlpatterns + training_urls.urlpatterns
