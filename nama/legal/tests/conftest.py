"""Fixtures of the legal tests: vocabularies, lawyer profiles and a case builder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nama.core.models import Governorate, Term
from nama.core.reference_data import load_reference_data
from nama.legal import services
from nama.legal.models import LegalCase
from nama.testing.personas import Personas

MakeCase = Callable[..., LegalCase]


@pytest.fixture
def vocabularies(db: None) -> None:
    load_reference_data()


@pytest.fixture
def lawyers(personas: Personas, vocabularies: None) -> Personas:
    """``personas.lawyer`` (Baghdad) and ``personas.other_lawyer`` (Erbil) with profiles."""
    for user, slug in ((personas.lawyer, "baghdad"), (personas.other_lawyer, "erbil")):
        services.lawyer_profile_save(
            by=personas.legal_coordinator,
            user=user,
            governorates=[Governorate.objects.get(slug=slug)],
            capacity=10,
        )
    return personas


@pytest.fixture
def make_case(lawyers: Personas) -> MakeCase:
    """``make_case("baghdad", lawyer=personas.lawyer, name="...")``: a case, assigned or not."""

    def make(
        governorate: str = "baghdad", *, lawyer: Any = None, name: str = "سارة محمود", **data: Any
    ) -> LegalCase:
        place = Governorate.objects.get(slug=governorate)
        client = services.client_create(
            by=lawyers.legal_coordinator, governorate=place, data={"name": name}
        )
        case = services.case_create(
            by=lawyers.legal_coordinator,
            client=client,
            data={
                "service": Term.objects.of("legal_service").get(code="03"),
                "subject": data.pop("subject", "اعتقال تعسفي"),
                **data,
            },
        )
        if lawyer is not None:
            services.case_assign(by=lawyers.legal_coordinator, case=case, lawyer=lawyer)
            case.refresh_from_db()
        return case

    return make
