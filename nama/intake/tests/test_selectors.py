"""Who sees which request, at which level (docs/intake.md, "Who sees what")."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import Http404

from nama.intake import services
from nama.intake.models import Request
from nama.intake.selectors import (
    FULL,
    STATUS,
    request_access_level,
    request_get_for_user,
    request_get_full_for_user,
    request_list_for_user,
)
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db


def visible(user: object) -> set[str]:
    return {r.reference for r in request_list_for_user(user=user)}


def test_an_operator_sees_their_governorates_and_requests_without_one(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    baghdad = make_request("baghdad")
    erbil = make_request("erbil")
    unknown = make_request(None)
    assert visible(personas.operator) == {baghdad.reference, unknown.reference}
    with pytest.raises(Http404):
        request_get_for_user(user=personas.operator, pk=erbil.pk)
    assert request_access_level(user=personas.operator, request=baghdad) == FULL


def test_the_director_sees_everything_in_full(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    requests = [make_request("baghdad"), make_request("erbil"), make_request(None)]
    assert visible(personas.director) == {r.reference for r in requests}
    assert all(request_access_level(user=personas.director, request=r) == FULL for r in requests)


@pytest.mark.parametrize(
    "name", ["analyst", "sysadmin", "outsider", "trainer", "editor", "training_coordinator"]
)
def test_roles_without_intake_work_see_nothing(
    make_request: Callable[..., Request], personas: Personas, name: str
) -> None:
    request = make_request("baghdad")
    services.request_route(by=personas.director, request=request, target="legal")
    assert visible(personas.get(name)) == set()
    with pytest.raises(Http404):
        request_get_for_user(user=personas.get(name), pk=request.pk)


def test_lawyers_see_only_requests_routed_to_legal_in_their_governorates_at_status_level(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    routed = make_request("baghdad")
    services.request_route(by=personas.director, request=routed, target="legal")
    not_routed = make_request("baghdad")
    to_monitoring = make_request("baghdad")
    services.request_route(by=personas.director, request=to_monitoring, target="monitoring")
    erbil = make_request("erbil")
    services.request_route(by=personas.director, request=erbil, target="legal")
    assert visible(personas.lawyer) == {routed.reference}
    assert visible(personas.other_lawyer) == {erbil.reference}
    assert visible(personas.legal_coordinator) == {routed.reference, erbil.reference}
    assert request_access_level(user=personas.lawyer, request=routed) == STATUS
    with pytest.raises(Http404):
        request_get_full_for_user(user=personas.lawyer, pk=routed.pk)
    with pytest.raises(Http404):
        request_get_for_user(user=personas.lawyer, pk=not_routed.pk)


def test_monitors_see_only_requests_routed_to_monitoring_in_their_governorates(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    baghdad = make_request("baghdad")
    services.request_route(by=personas.director, request=baghdad, target="monitoring")
    erbil = make_request("erbil")
    services.request_route(by=personas.director, request=erbil, target="monitoring")
    assert visible(personas.monitor_baghdad) == {baghdad.reference}
    assert visible(personas.monitor_erbil) == {erbil.reference}


def test_malformed_ids_answer_404(personas: Personas) -> None:
    with pytest.raises(Http404):
        request_get_for_user(user=personas.director, pk="not-a-number")


def test_filters_narrow_the_queue(make_request: Callable[..., Request], personas: Personas) -> None:
    urgent = make_request("baghdad", urgency="urgent")
    make_request("erbil")
    assert [
        r.pk for r in request_list_for_user(user=personas.director, filters={"urgency": "urgent"})
    ] == [urgent.pk]
    by_place = request_list_for_user(user=personas.director, filters={"governorate": "erbil"})
    assert by_place.count() == 1
    by_type = request_list_for_user(user=personas.director, filters={"request_type": "02"})
    assert by_type.count() == 0
