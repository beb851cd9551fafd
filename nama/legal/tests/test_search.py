"""Legal cases in the search: reference, subject and court, through ``case_list_for_user``."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from nama.searchindex.models import SearchEntry
from nama.searchindex.selectors import search_for_user

pytestmark = pytest.mark.django_db


def _found(user: Any, query: str) -> set[str]:
    return {hit.object_id for hit in search_for_user(user=user, query=query).hits}


def test_lawyer_a_never_finds_lawyer_bs_case(make_case: Any, lawyers: Any) -> None:
    case_a = make_case("baghdad", lawyer=lawyers.lawyer, subject="نزاع عمل")
    case_b = make_case("erbil", lawyer=lawyers.other_lawyer, subject="نزاع عمل")

    assert _found(lawyers.lawyer, "نزاع") == {str(case_a.pk)}
    assert _found(lawyers.other_lawyer, "نزاع") == {str(case_b.pk)}
    assert _found(lawyers.legal_coordinator, "نزاع") == {str(case_a.pk), str(case_b.pk)}
    for user in (AnonymousUser(), lawyers.outsider, lawyers.sysadmin, lawyers.monitor_baghdad):
        assert _found(user, "نزاع") == set()


def test_the_client_and_the_summary_never_reach_the_index(make_case: Any) -> None:
    case = make_case("baghdad", name="اسمالموكل", summary="ملخصسري")

    entry = SearchEntry.objects.get(kind="legal.case", object_id=str(case.pk))
    text = f"{entry.title} {entry.summary} {entry.body} {entry.snippet_source}"
    assert "اسمالموكل" not in text
    assert "ملخصسري" not in text
    assert case.reference in entry.display_title
