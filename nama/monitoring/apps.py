from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "nama.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # Requests routed to monitoring become draft events (nama.intake.services).
        from nama.intake.selectors import register_public_status_provider
        from nama.intake.services import register_route_handler
        from nama.monitoring.public_status import public_status_text
        from nama.monitoring.services import event_create_from_request

        register_route_handler("monitoring", event_create_from_request)
        # The complainant's tracking page says whether it is documented.
        register_public_status_provider(public_status_text)
