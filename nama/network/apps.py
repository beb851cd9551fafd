from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "nama.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from nama.network import member_setup, space_setup, training_setup

        member_setup.ready()
        space_setup.ready()
        training_setup.ready()
