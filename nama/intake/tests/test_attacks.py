"""What an attacker with a database dump, the cache or the logs must not find."""

from __future__ import annotations

import logging
import pickle
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from nama.accounts.models import User
from nama.core import tracking
from nama.core.audit import AuditEntry
from nama.intake.models import Request
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

COMPLAINTS = "/api/v1/public/complaints/"
TRACK = "/api/v1/public/track/"
TRACK_MESSAGES = "/api/v1/public/track/messages/"
ADDRESS = "203.0.113.7"
AGENT = "Mozilla/5.0 (DistinctiveAgent-7f3a; Nama attack test)"


def dump_database() -> str:
    """Every row of every table, as text (what a stolen dump shows)."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    parts.append(str(value))
    return "\n".join(parts)


def dump_cache() -> str:
    """Every key and value of the local-memory cache."""
    store: dict[str, Any] = getattr(cache, "_cache", {})
    parts = []
    for key, value in store.items():
        parts.append(str(key))
        try:
            parts.append(repr(pickle.loads(value)))  # noqa: S301 - our own test cache
        except Exception:
            parts.append(repr(value))
    return "\n".join(parts)


def forms_of(code: tracking.TrackingCode) -> list[str]:
    return [code.digits, code.display(), code.display(arabic_indic=True), code.secret]


def without_hex_runs(text: str) -> str:
    return re.sub(r"[0-9a-f]{16,}", " ", text)


def test_the_code_is_in_no_table_no_cache_and_no_log(
    client: Client, vocabularies: None, caplog: pytest.LogCaptureFixture, personas: Personas
) -> None:
    caplog.set_level(logging.DEBUG)
    response = client.post(
        COMPLAINTS,
        {
            "request_type": "01",
            "governorate": "baghdad",
            "narrative": "x",
            "anonymous": False,
            "name": "Someone",
            "phone": "07701234567",
        },
        content_type="application/json",
    )
    code = tracking.parse(response.json()["tracking_code"])
    assert code is not None
    for typed in (code.display(), "0" * 28, code.display()[:-1] + "x"):
        client.post(TRACK, {"tracking_code": typed}, content_type="application/json")
    client.post(
        TRACK_MESSAGES,
        {"tracking_code": code.display(), "body": "hi"},
        content_type="application/json",
    )
    request = Request.objects.get()
    from nama.intake.services import tracking_code_revoke_and_reissue

    new = tracking_code_revoke_and_reissue(request=request, by=personas.operator, reason="seized")

    database, cached, logs = dump_database(), dump_cache(), caplog.text
    audit = "\n".join(str(e.data) + e.reason for e in AuditEntry.objects.all())
    for issued in (code, new):
        for form in forms_of(issued):
            assert form not in database
            assert form not in cached
            assert form not in logs
            assert form not in audit
        # The lookup part is stored on its own row by design, but never in the
        # audit log, the cache or the logs.
        # Long hex runs (hashes, HMAC keys) are taken out first: six digits can
        # occur inside one by chance, which would make this test flaky.
        assert issued.lookup not in without_hex_runs(audit)
        assert issued.lookup not in without_hex_runs(cached)


def test_an_anonymous_submission_leaves_no_address_or_user_agent_anywhere(
    vocabularies: None, caplog: pytest.LogCaptureFixture
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nama.intake.tests.conftest import png_bytes

    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    before = AuditEntry.objects.count()
    response = client.post(
        COMPLAINTS,
        {
            "request_type": "01",
            "governorate": "baghdad",
            "narrative": "ما حدث",
            "attachments": [SimpleUploadedFile("p.png", png_bytes(), "image/png")],
        },
    )
    assert response.status_code == 201
    code = response.json()["tracking_code"]
    client.post(TRACK, {"tracking_code": code}, content_type="application/json")
    client.post(
        TRACK_MESSAGES, {"tracking_code": code, "body": "و"}, content_type="application/json"
    )
    database, cached = dump_database(), dump_cache()
    for trace in (ADDRESS, "DistinctiveAgent"):
        assert trace not in database
        assert trace not in cached
        assert trace not in caplog.text
    request = Request.objects.get()
    assert request.anonymous is True
    assert request.created_at is None
    # No entry in the audit log (its entries carry the exact time) and no session.
    assert AuditEntry.objects.count() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_session")
        assert cursor.fetchone()[0] == 0


def test_a_script_in_the_narrative_comes_back_as_json_data_only(
    make_request: Callable[..., Request],
    personas: Personas,
    verified_client: Callable[[User], Client],
) -> None:
    script = '<script>alert("x")</script>'
    request = make_request(narrative=script)
    response = verified_client(personas.director).get(f"/api/v1/intake/requests/{request.pk}/")
    assert response["Content-Type"] == "application/json"
    assert response.json()["narrative"] == script
    assert "text/html" not in response["Content-Type"]


def test_identifying_values_are_not_in_a_database_dump(
    make_request: Callable[..., Request],
) -> None:
    make_request(
        anonymous=False,
        name="زينب الموسوي",
        phone="07801112233",
        email="zainab@example.org",
        address="حي الجامعة",
        narrative="رواية سرية جداً",
    )
    database = dump_database()
    for value in ("زينب", "07801112233", "7801112233", "zainab@", "حي الجامعة", "رواية سرية"):
        assert value not in database
