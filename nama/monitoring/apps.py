from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "nama.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # Requests routed to monitoring become draft events (nama.intake.services).
        from nama.intake.services import register_route_handler
        from nama.monitoring.services import event_create_from_request

        register_route_handler("monitoring", event_create_from_request)
