from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _recompute_match_keys(**kwargs: Any) -> str:
    from nama.monitoring.duplicates import person_match_keys_recompute

    return f"{person_match_keys_recompute()} persons' matching keys recomputed"


class MonitoringConfig(AppConfig):
    name = "nama.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # Requests routed to monitoring become draft events (nama.intake.services).
        from nama.core.signals import blind_indexes_recomputed
        from nama.intake.selectors import register_public_status_provider
        from nama.intake.services import register_route_handler
        from nama.monitoring.public_status import public_status_text
        from nama.monitoring.services import event_create_from_request

        register_route_handler("monitoring", event_create_from_request)
        # New NAMA_INDEX_KEY: the name-matching keys are keyed hashes too.
        blind_indexes_recomputed.connect(
            _recompute_match_keys, dispatch_uid="monitoring.match_keys"
        )
        # The complainant's tracking page says whether it is documented.
        register_public_status_provider(public_status_text)

        # Staff find the events they may read by title, reference and place.
        from nama.monitoring import search

        search.register()
