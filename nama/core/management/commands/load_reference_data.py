"""``manage.py load_reference_data``: governorates, districts and vocabularies (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from nama.core.reference_data import load_reference_data


class Command(BaseCommand):
    help = (
        "Load Iraq's governorates and districts and the controlled vocabularies; "
        "adds only what is missing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_reference_data()
        if result.changed:
            self.stdout.write(
                f"Reference data: {result.governorates_created} governorates, "
                f"{result.districts_created} districts, "
                f"{result.vocabularies_created} vocabularies, {result.terms_created} terms added."
            )
        elif options["verbosity"] > 1:
            self.stdout.write("Reference data already loaded.")
