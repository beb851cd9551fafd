"""Events in the search: title, reference and place, through ``event_list_for_user``."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from nama.searchindex.models import SearchEntry
from nama.searchindex.selectors import search_for_user

pytestmark = pytest.mark.django_db


def _found(user: Any, query: str) -> set[str]:
    return {hit.object_id for hit in search_for_user(user=user, query=query).hits}


def test_an_event_is_found_only_by_those_who_may_read_it(make_event: Any, personas: Any) -> None:
    baghdad = make_event("baghdad", title="اعتقال صحفيين في ساحة التحرير")
    erbil = make_event("erbil", title="اعتقال صحفيين في أربيل")

    assert _found(personas.director, "اعتقال صحفيين") == {str(baghdad.pk), str(erbil.pk)}
    assert _found(personas.monitor_baghdad, "اعتقال") == {str(baghdad.pk)}
    assert _found(personas.monitor_erbil, "اعتقال") == {str(erbil.pk)}
    for user in (AnonymousUser(), personas.outsider, personas.sysadmin, personas.operator):
        assert _found(user, "اعتقال") == set()


def test_the_description_and_victims_never_reach_the_index(make_event: Any) -> None:
    event = make_event("baghdad", title="حدث", description="وصفسري للحدث")

    entry = SearchEntry.objects.get(kind="monitoring.event", object_id=str(event.pk))
    text = f"{entry.title} {entry.summary} {entry.body} {entry.snippet_source}"
    assert "وصفسري" not in text
    for act in event.acts.select_related("victim"):
        assert act.victim.name not in text


def test_a_retitled_event_is_found_by_its_new_title(make_event: Any, personas: Any) -> None:
    event = make_event("baghdad", title="عنوان قديم")
    event.title = "عنوان جديد"
    event.save()

    assert _found(personas.director, "جديد") == {str(event.pk)}
    assert _found(personas.director, "قديم") == set()
