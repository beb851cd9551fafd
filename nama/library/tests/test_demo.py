"""The library's demo records: added once, files read by the task worker."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from nama.library.models import ExtractionStatus, Resource
from nama.searchindex.selectors import search_for_user

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_library_once(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NAMA_DEMO_MODE = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())

    assert Resource.objects.count() == 8
    assert Resource.objects.filter(visibility="internal").count() == 1
    files = Resource.objects.exclude(file="")
    assert {r.extraction_status for r in files if r.file_kind != "image"} == {ExtractionStatus.DONE}
    # The PDF's text is searchable by the public; the internal protocol is not.
    assert search_for_user(user=AnonymousUser(), query="Istanbul ill-treatment").total == 1
    assert search_for_user(user=AnonymousUser(), query="الراصدين في الميدان").total == 0

    call_command("seed_demo", stdout=StringIO())
    assert Resource.objects.count() == 8
