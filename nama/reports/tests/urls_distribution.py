"""Test URLs: the whole site, plus the distribution pages in the ``reports`` namespace
at /<language>/reports/distribution/ (until nama/urls.py includes the reports app)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from nama.reports import distribution_urls
from nama.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    *site_urlpatterns,
    *i18n_patterns(
        path(
            "reports/distribution/",
            include((distribution_urls.urlpatterns, "reports")),
        ),
        prefix_default_language=True,
    ),
]
