"""Fixtures of the monitoring tests (shared by every test module of the app).

- ``vocabularies``: governorates, districts and vocabularies loaded.
- ``term``: ``term("act_type", "0401")`` is that term.
- ``make_event``: ``make_event("baghdad", victims=3, act_types=("0401", "0301"))``
  documents a draft event through ``services.event_document`` in which every
  victim suffered every act type (3 times 2 = 6 acts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from nama.core.models import Governorate, Term
from nama.core.reference_data import load_reference_data
from nama.monitoring import services
from nama.monitoring.models import Event, Person
from nama.testing.personas import Personas

# Fictional names, distinct per victim (Arabic, as monitors type them).
VICTIM_NAMES = (
    "أحمد كريم الجبوري",
    "زينب علي حسين",
    "مصطفى جاسم محمد",
    "نور الهدى عباس",
    "حيدر صالح مهدي",
)


@pytest.fixture
def vocabularies(db: None) -> None:
    load_reference_data()


@pytest.fixture
def term(vocabularies: None) -> Callable[[str, str], Term]:
    """``term(vocabulary_key, code)``: one term of the loaded vocabularies."""

    def get(vocabulary: str, code: str) -> Term:
        return Term.objects.of(vocabulary).get(code=code)

    return get


def _victim_input(given: Any, index: int) -> services.PersonInput:
    if isinstance(given, services.PersonInput):
        return given
    if isinstance(given, Person):
        return services.PersonInput(person=given)
    if isinstance(given, dict):
        return services.PersonInput(data=given)
    raise TypeError(f"victim {index}: {given!r}")


@pytest.fixture
def make_event(personas: Personas, term: Callable[[str, str], Term]) -> Callable[..., Event]:
    """``make_event(governorate="baghdad", by=None, victims=1, act_types=("0401",), **data)``.

    * ``by``: the author; by default the monitor of that governorate (Baghdad
      or Erbil), the director elsewhere.
    * ``victims``: a number of new victims (named from ``VICTIM_NAMES``), or a
      sequence of ``PersonInput``, ``Person`` or dicts of person fields.
    * ``act_types``: act-type codes; every victim suffers every one of them.
    * ``perpetrators``, ``sources``, ``rights_affected``, ``intake_request``:
      passed to ``event_document`` as they are.
    * anything else: event fields (``title``, ``start_date``...), over defaults.
    """

    def make(
        governorate: str = "baghdad",
        *,
        by: Any = None,
        victims: int | Sequence[Any] = 1,
        act_types: Sequence[str] = ("0401",),
        perpetrators: Sequence[services.PerpetratorInput] = (),
        sources: Sequence[services.SourceInput] = (),
        rights_affected: Sequence[Term] = (),
        intake_request: Any = None,
        **data: Any,
    ) -> Event:
        if by is None:
            by = {"baghdad": personas.monitor_baghdad, "erbil": personas.monitor_erbil}.get(
                governorate, personas.director
            )
        if isinstance(victims, int):
            given = [
                services.PersonInput(data={"name": VICTIM_NAMES[i % len(VICTIM_NAMES)]})
                for i in range(victims)
            ]
        else:
            given = [_victim_input(v, i) for i, v in enumerate(victims)]
        acts = [
            services.ActInput(victim=i, act_type=term("act_type", code))
            for i in range(len(given))
            for code in act_types
        ]
        fields = {
            "title": "Arrest of protesters",
            "description": "وصف الحدث",
            "governorate": Governorate.objects.get(slug=governorate),
            **data,
        }
        return services.event_document(
            by=by,
            data=fields,
            victims=given,
            acts=acts,
            perpetrators=perpetrators,
            sources=sources,
            rights_affected=rights_affected,
            intake_request=intake_request,
        )

    return make
