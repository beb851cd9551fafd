from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "nama.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self) -> None:
        from nama.accounts import signals  # noqa: F401
