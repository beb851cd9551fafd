from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "nama.legal"
    label = "legal"
    verbose_name = _("Legal unit")

    def ready(self) -> None:
        from nama.core.worker import register_periodic
        from nama.intake.selectors import register_public_status_provider
        from nama.intake.services import register_route_handler
        from nama.legal import signals
        from nama.legal.public_status import public_status_text
        from nama.legal.services import case_create_from_request, reminders_send_due

        # Lawyers get a profile as soon as they are given the role.
        signals.connect()

        # Requests routed to legal become cases (nama.intake.services).
        register_route_handler("legal", case_create_from_request)
        # The complainant's tracking page follows the case.
        register_public_status_provider(public_status_text)
        # Hearing and deadline reminders, checked by the task worker every 5 minutes.
        register_periodic("legal.reminders", reminders_send_due, every_seconds=300)

        # Staff find the cases they may read by reference, subject and court.
        from nama.legal import search

        search.register()
