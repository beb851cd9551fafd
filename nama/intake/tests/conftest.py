"""Fixtures of the intake tests: vocabularies loaded, and request builders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nama.core.models import Governorate, Term
from nama.core.reference_data import load_reference_data
from nama.intake.models import Request
from nama.intake.services import request_create_by_operator, request_submit_public
from nama.testing.personas import Personas


@pytest.fixture
def vocabularies(db: None) -> None:
    load_reference_data()


@pytest.fixture
def violation(vocabularies: None) -> Term:
    return Term.objects.of("request_type").get(code="01")


@pytest.fixture
def legal_need(vocabularies: None) -> Term:
    return Term.objects.of("request_type").get(code="02")


def base_data(request_type: Term, governorate: Governorate | None, **extra: Any) -> dict[str, Any]:
    return {
        "request_type": request_type,
        "governorate": governorate,
        "narrative": "اعتقل أخي من أمام البيت ولم نعرف مكانه",
        **extra,
    }


@pytest.fixture
def make_request(personas: Personas, violation: Term) -> Callable[..., Request]:
    """``make_request("baghdad")``: a request logged by a Baghdad operator (no code)."""

    def make(governorate: str | None = "baghdad", **extra: Any) -> Request:
        place = Governorate.objects.get(slug=governorate) if governorate else None
        request, _code = request_create_by_operator(
            by=personas.director, data=base_data(violation, place, **extra), issue_code=False
        )
        return request

    return make


@pytest.fixture
def submit(personas: Personas, violation: Term) -> Callable[..., Any]:
    """``submit(...)``: a public submission; returns (request, plain code)."""

    def make(governorate: str | None = "baghdad", files: Any = (), **extra: Any) -> Any:
        place = Governorate.objects.get(slug=governorate) if governorate else None
        return request_submit_public(data=base_data(violation, place, **extra), files=files)

    return make


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_storage(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Each test gets its own empty evidence storage."""
    from django.core.files.storage import InMemoryStorage

    from nama.core.evidence import storage as evidence_storage

    storage = InMemoryStorage()
    monkeypatch.setattr(evidence_storage, "get_storage", lambda: storage)
    return storage


def png_bytes() -> bytes:
    """A real 2x2 PNG (the evidence service makes a working copy of it)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()
