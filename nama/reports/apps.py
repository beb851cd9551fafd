from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "nama.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from nama.reports.search import register

        # Published reports are found by everyone in the site search.
        register()
