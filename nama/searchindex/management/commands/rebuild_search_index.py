"""``manage.py rebuild_search_index``: index every record of every kind again.

For a new installation with existing data, after a bulk change made with
``QuerySet.update()``, or after a change to the normalisation rules.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nama.searchindex import services
from nama.searchindex.models import SearchEntry
from nama.searchindex.scopes import registered_kinds


class Command(BaseCommand):
    help = "Re-index every library resource, request, event and case, then rebuild the index."

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = registered_kinds()
        known = [info.kind for info in kinds]
        stale, _ = SearchEntry.objects.exclude(kind__in=known).delete()
        for info in kinds:
            if info.reindex is not None:
                count = info.reindex()
                self.stdout.write(f"{info.kind}: {count}")
        services.rebuild_index()
        if stale:
            self.stdout.write(f"removed {stale} entries of kinds no longer registered")
        self.stdout.write(self.style.SUCCESS("search index rebuilt"))
