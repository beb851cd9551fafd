from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "nama.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from nama.outreach import event_setup, meeting_setup, news_setup

        news_setup.ready()
        event_setup.ready()
        meeting_setup.ready()
