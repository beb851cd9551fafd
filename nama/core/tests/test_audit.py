"""The audit log: chaining, append-only triggers, verification and the data guard.

``audit_verify`` signals a broken chain with ``CommandError`` (exit status 1
from ``manage.py``); the tests expect that exception.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from nama.core.audit import (
    GENESIS_HASH,
    REDACTED,
    AuditDataError,
    AuditEntry,
    append_only_triggers_present,
    log_action,
    verify_chain,
)
from nama.core.models import Governorate

pytestmark = pytest.mark.django_db

TABLE = AuditEntry._meta.db_table


@pytest.fixture
def user():
    return get_user_model().objects.create_user(username="lawyer1", password="x" * 16)


@pytest.fixture
def governorate():
    return Governorate.objects.create(
        slug="karbala",
        name_ar="كربلاء",
        name_en="Karbala",
        capital_ar="كربلاء",
        capital_en="Karbala",
    )


@pytest.fixture
def entries(user, governorate):
    return [
        log_action(user, "accounts.user.login", user),
        log_action(user, "core.governorate.changed", governorate, {"fields": ["name_en"]}),
        log_action(None, "core.reference_data.loaded", data={"count": 19}),
    ]


def verify(*args: str) -> str:
    out = io.StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def drop_triggers() -> None:
    """What an attacker with database superpowers does first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER core_auditentry_append_only ON {TABLE}")
        else:
            cursor.execute("DROP TRIGGER core_auditentry_no_update")
            cursor.execute("DROP TRIGGER core_auditentry_no_delete")


def raw(sql: str, params: Sequence[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_entries_link_to_the_one_before(entries):
    first, second, third = entries
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert len({e.hash for e in entries}) == 3


def test_stored_entries_hash_to_what_they_carry(entries):
    for entry in AuditEntry.objects.all():
        assert entry.compute_hash() == entry.hash


def test_an_entry_records_actor_target_data_and_reason(user, governorate):
    entry = log_action(
        user, "core.governorate.viewed", governorate, {"b": 1, "a": [True, None]}, reason="audit"
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor_id, entry.actor_username, entry.actor) == (user.pk, "lawyer1", user)
    assert (entry.target_type, entry.target_id) == ("core.governorate", str(governorate.pk))
    assert entry.data == {"a": [True, None], "b": 1}
    assert entry.reason == "audit"


def test_the_system_and_anonymous_visitors_have_no_actor():
    from django.contrib.auth.models import AnonymousUser

    entry = log_action(AnonymousUser(), "portal.complaint.submitted")
    assert (entry.actor_id, entry.actor_username, entry.actor) == (None, "", None)


def test_an_entry_disappears_with_a_rolled_back_action(entries):
    def fail_after_logging() -> None:
        with transaction.atomic():
            log_action(None, "core.test.rolled_back")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_logging()
    log_action(None, "core.test.after")
    assert verify_chain().intact
    assert AuditEntry.objects.count() == 4


def test_the_database_refuses_an_orm_update(entries):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[0].pk).update(action="core.test.forged")
    entry = entries[1]
    entry.reason = "forged"
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


def test_the_database_refuses_a_raw_update(entries):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw(f"UPDATE {TABLE} SET reason = 'forged' WHERE id = %s", [entries[0].pk])  # noqa: S608


def test_the_database_refuses_deletes(entries):
    with pytest.raises(IntegrityError), transaction.atomic():
        entries[0].delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.all().delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        raw(f"DELETE FROM {TABLE}")  # noqa: S608
    assert AuditEntry.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_truncate(entries):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw(f"TRUNCATE {TABLE}")
    assert AuditEntry.objects.count() == 3


def test_verify_passes_on_an_intact_chain(entries):
    output = verify()
    assert "Audit log intact: 3 entries" in output
    assert f"Head: {entries[-1].pk}:{entries[-1].hash}" in output


def test_verify_passes_on_an_empty_log():
    assert "Audit log intact: 0 entries" in verify()


def test_verify_names_a_modified_entry(entries):
    drop_triggers()
    raw(
        f"UPDATE {TABLE} SET data = %s WHERE id = %s",  # noqa: S608
        ['{"fields": ["name_ar"]}', entries[1].pk],
    )
    with pytest.raises(CommandError, match=f"entry {entries[1].pk}: hash does not match"):
        verify()


def test_verify_names_the_entry_after_a_removed_one(entries):
    drop_triggers()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [entries[1].pk])  # noqa: S608
    with pytest.raises(CommandError, match=f"entry {entries[2].pk}: previous_hash"):
        verify()


def test_verify_fails_when_the_triggers_are_gone(entries):
    drop_triggers()
    assert not append_only_triggers_present(connection)
    with pytest.raises(CommandError, match="triggers are missing"):
        verify()


def test_verify_checks_anchors_recorded_earlier(entries):
    head = f"{entries[1].pk}:{entries[1].hash}"
    assert "intact" in verify("--anchor", head)
    with pytest.raises(CommandError, match=f"entry {entries[1].pk}: anchor"):
        verify("--anchor", f"{entries[1].pk}:{'f' * 64}")


@pytest.mark.parametrize(
    "data",
    [
        {"name": "أحمد"},
        {"victim_name": "Ahmed"},
        {"phone": "07701234567"},
        {"phone": 7701234567},
        {"contact_email": "a@example.org"},
        {"home_address": {"city": "Karbala"}},
        {"national_id": ["123"]},
        {"person": {"first_name": "Ali"}},
        {"people": [{"name": "Ali"}]},
    ],
)
def test_identifying_values_are_refused(data):
    with pytest.raises(AuditDataError, match="identifying"):
        log_action(None, "core.test.identifying", data=data)
    assert not AuditEntry.objects.exists()


def test_identifying_keys_may_say_that_something_changed():
    data = {"name": REDACTED, "phone": True, "email": None, "changed": ["name", "phone"]}
    assert log_action(None, "core.test.redacted", data=data).data == data


@override_settings(NAMA_AUDIT_IDENTIFYING_KEYS=["passport"])
def test_the_identifying_keys_are_configurable():
    with pytest.raises(AuditDataError):
        log_action(None, "core.test.identifying", data={"passport": "A123"})
    log_action(None, "core.test.identifying", data={"name": "a vocabulary"})


@pytest.mark.parametrize(
    "data",
    [{"ratio": 0.5}, {"when": object()}, {1: "x"}, {"nested": {"x": float("nan")}}],
)
def test_data_must_round_trip_through_json(data):
    with pytest.raises(AuditDataError):
        log_action(None, "core.test.data", data=data)


@pytest.mark.parametrize("action", ["login", "Accounts.User.Login", "accounts user", "a." * 60])
def test_actions_are_dotted_lower_case_names(action):
    with pytest.raises(AuditDataError, match="action"):
        log_action(None, action)


def test_an_unsaved_target_is_refused():
    with pytest.raises(AuditDataError, match="target"):
        log_action(None, "core.test.target", Governorate(slug="x"))


def test_flush_refuses_to_erase_the_log_outside_the_test_suite(entries):
    with override_settings(NAMA_AUDIT_ALLOW_FLUSH=False), pytest.raises(CommandError):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_test_suite_flush_empties_the_log_and_keeps_the_triggers():
    log_action(None, "core.test.before_flush")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    assert append_only_triggers_present(connection)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers itself")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(10):
                log_action(None, "core.test.concurrent", data={"worker": worker, "i": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify_chain()
    assert (report.intact, report.count) == (True, 60)
