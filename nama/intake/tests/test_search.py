"""Requests in the search: found by reference, type and governorate, through the selector."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from nama.searchindex.models import SearchEntry
from nama.searchindex.selectors import search_for_user

pytestmark = pytest.mark.django_db


def _found(user: Any, query: str) -> set[str]:
    return {hit.object_id for hit in search_for_user(user=user, query=query).hits}


def test_a_request_is_found_by_its_reference_by_those_who_may_read_it(
    make_request: Any, personas: Any
) -> None:
    baghdad = make_request("baghdad")
    erbil = make_request("erbil")

    assert _found(personas.director, baghdad.reference) == {str(baghdad.pk)}
    assert _found(personas.operator, baghdad.reference) == {str(baghdad.pk)}
    # The Baghdad operator finds nothing of Erbil's requests, nor does the public,
    # nor a role without intake access.
    assert _found(personas.operator, erbil.reference) == set()
    for user in (AnonymousUser(), personas.outsider, personas.sysadmin, personas.editor):
        assert _found(user, baghdad.reference) == set()


def test_the_narrative_never_reaches_the_index(make_request: Any) -> None:
    request = make_request("baghdad", narrative="كلمةسرية في الرواية")

    entry = SearchEntry.objects.get(kind="intake.request", object_id=str(request.pk))
    assert "كلمةسرية" not in f"{entry.title} {entry.summary} {entry.body} {entry.snippet_source}"
    assert entry.visibility == "internal"


def test_a_request_is_found_by_its_governorate_in_arabic_or_english(
    make_request: Any, personas: Any
) -> None:
    request = make_request("baghdad")

    assert str(request.pk) in _found(personas.director, "بغداد")
    assert str(request.pk) in _found(personas.director, "Baghdad")
