from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "nama.intake"
    label = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from nama.intake import search

        # Staff find requests they may read by reference, type and governorate.
        search.register()
