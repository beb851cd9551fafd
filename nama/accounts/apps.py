from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "nama.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self) -> None:
        from nama.accounts import signals

        post_migrate.connect(signals.create_roles, sender=self, dispatch_uid="nama.create_roles")


class NamaAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with Nama's site: system administrators with 2FA only.

    Listed in INSTALLED_APPS in place of ``django.contrib.admin``; ``default``
    is off so that ``nama.accounts`` still resolves to AccountsConfig.
    """

    default = False
    default_site = "nama.accounts.admin_site.NamaAdminSite"
