"""A hotline operator sees a legal case only as a status on the request it came from:
never its notes, its client or its pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from nama.accounts.models import User
from nama.intake import services as intake
from nama.legal import services
from nama.legal.models import LegalCase
from nama.testing.personas import Personas
from nama.testing.public import submit_anonymous_request

pytestmark = pytest.mark.django_db


def test_the_operator_sees_the_status_on_the_request_and_nothing_else(
    lawyers: Personas, verified_client: Callable[[User], Client]
) -> None:
    request, _code = submit_anonymous_request("احتجزوا ابني في مركز الشرطة")
    intake.request_route(by=lawyers.operator, request=request, target="legal")
    case = LegalCase.objects.get()
    services.case_assign(by=lawyers.legal_coordinator, case=case, lawyer=lawyers.lawyer)
    services.note_add(by=lawyers.lawyer, case=case, body="استراتيجية الدفاع السرية")
    operator = verified_client(lawyers.operator)
    page = operator.get(f"/en/intake/requests/{request.pk}/").content.decode()
    assert case.reference in page
    assert "in progress" in page
    assert "استراتيجية الدفاع" not in page
    assert operator.get(f"/en/legal/cases/{case.pk}/").status_code == 404
    assert operator.get(f"/api/v1/legal/cases/{case.pk}/").status_code == 404
