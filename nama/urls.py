"""URL map: unprefixed machine endpoints, then language-prefixed pages (/ar/, /en/, /ckb/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from nama.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("nama.core.api_urls")),
    path("calendar/", include("nama.legal.ical_urls")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("nama.accounts.urls")),
    path("admin/", admin.site.urls),
    path("intake/", include("nama.intake.urls")),
    path("monitoring/", include("nama.monitoring.urls")),
    path("legal/", include("nama.legal.urls")),
    path("library/manage/", include("nama.library.urls")),
    path("reports/manage/", include("nama.reports.urls")),
    path("network/", include("nama.network.urls")),
    path("members/", include("nama.network.space_urls")),
    path("outreach/", include("nama.outreach.urls")),
    path("", include("nama.portal.urls")),
    prefix_default_language=True,
)

admin.site.site_header = settings.NAMA_CENTRE_NAME
admin.site.site_title = "Nama"
