from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "nama.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self) -> None:
        from nama.library.search import register

        # Internal resources are found by staff who may use the library.
        register()
