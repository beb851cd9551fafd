"""Append-only, hash-chained audit log (DESIGN.md §4).

Every write that matters, and every read of identifying data, calls
:func:`log_action`. Each entry stores the SHA-256 of its own canonical form
and the hash of the entry before it, so editing, inserting or deleting an
entry in the middle breaks the chain, and ``manage.py audit_verify`` names the
first broken entry. Triggers installed by migration ``core.0002`` make the
database itself refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) on the
table; the chain catches whoever drops the triggers first.

The log holds ids, field names and action names, never identifying values:
whoever can read the audit log must not learn a victim's name from it. A
guard refuses data keys that look identifying (``name``, ``phone``...) unless
their value is :data:`REDACTED`, ``None``, ``""`` or a boolean.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "GENESIS_HASH",
    "REDACTED",
    "AuditDataError",
    "AuditEntry",
    "ChainReport",
    "append_only_triggers_present",
    "entry_hash",
    "log_action",
    "verify_chain",
]

# previous_hash of the first entry.
GENESIS_HASH = "0" * 64
# The only string an identifying key may carry: "this value changed".
REDACTED = "[redacted]"
# Data keys that name identifying values; a key matches when it equals one of
# these or ends with "_<word>" (``victim_name``, ``home_address``). Override
# with settings.NAMA_AUDIT_IDENTIFYING_KEYS.
DEFAULT_IDENTIFYING_KEYS = ("name", "phone", "email", "address", "national_id")

_ACTION = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
# Serialises writers on PostgreSQL: pg_advisory_xact_lock(key), held until the
# writing transaction ends. The number spells "nama".
_PG_LOCK_KEY = 0x6E616D61
_HASH_VERSION = 1


class AuditDataError(ValueError):
    """``log_action`` was given data it must not store."""


class AuditEntry(models.Model):
    """One line of the audit log. Written by :func:`log_action` only; never changed."""

    created_at = models.DateTimeField(
        _("time"), default=timezone.now, editable=False, db_index=True
    )
    # Not a foreign key: an append-only row cannot follow a user row through
    # SET_NULL, and the username is kept as it was when the action happened.
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, editable=False)
    actor_username = models.CharField(_("actor"), max_length=150, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=100, editable=False)
    target_type = models.CharField(_("target type"), max_length=100, blank=True, editable=False)
    target_id = models.CharField(_("target id"), max_length=64, blank=True, editable=False)
    data = models.JSONField(_("data"), default=dict, blank=True, editable=False)
    reason = models.TextField(_("reason"), blank=True, editable=False)
    previous_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)

    class Meta:
        app_label = "core"
        ordering = ["id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["actor_id", "created_at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action}"

    @property
    def actor(self) -> Any:
        """The acting user, if the account still exists (``None`` for the system)."""
        if self.actor_id is None:
            return None
        return get_user_model()._default_manager.filter(pk=self.actor_id).first()

    def compute_hash(self) -> str:
        """The hash this entry should carry, from its stored fields."""
        return entry_hash(
            created_at=self.created_at,
            actor_id=self.actor_id,
            actor_username=self.actor_username,
            action=self.action,
            target_type=self.target_type,
            target_id=self.target_id,
            data=self.data,
            reason=self.reason,
            previous_hash=self.previous_hash,
        )


def _canonical_json(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def entry_hash(
    *,
    created_at: datetime,
    actor_id: int | None,
    actor_username: str,
    action: str,
    target_type: str,
    target_id: str,
    data: Any,
    reason: str,
    previous_hash: str,
) -> str:
    """SHA-256 (hex) of an entry's canonical serialisation.

    Sorted-key compact JSON of every stored field except ``id`` and ``hash``,
    with the time in UTC to the microsecond: the same on SQLite and PostgreSQL,
    and stable across Python versions.
    """
    payload = {
        "v": _HASH_VERSION,
        "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_username": actor_username,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "data": data,
        "reason": reason,
        "previous_hash": previous_hash,
    }
    return hashlib.sha256(_canonical_json(payload).encode("utf-8")).hexdigest()


def _identifying_keys() -> tuple[str, ...]:
    keys = getattr(settings, "NAMA_AUDIT_IDENTIFYING_KEYS", DEFAULT_IDENTIFYING_KEYS)
    return tuple(key.lower() for key in keys)


def _is_identifying(key: str, words: tuple[str, ...]) -> bool:
    key = key.lower()
    return any(key == word or key.endswith(f"_{word}") for word in words)


def _clean(value: Any, path: str, words: tuple[str, ...]) -> Any:
    """A JSON-safe copy of ``value``; raises on anything that might not round-trip."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        # A float can come back from PostgreSQL's jsonb in another spelling
        # (1e16 → 10000000000000000) and break the hash: store it as a string.
        raise AuditDataError(f"audit data {path} is a float; pass it as a string")
    if isinstance(value, list | tuple):
        return [_clean(item, f"{path}[{i}]", words) for i, item in enumerate(value)]
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise AuditDataError(f"audit data {path} has a non-string key {key!r}")
            here = f"{path}.{key}"
            if _is_identifying(key, words) and not (
                item is None or isinstance(item, bool) or item in ("", REDACTED)
            ):
                raise AuditDataError(
                    f"audit data {here} looks identifying; log ids and field names, "
                    f"never values (use nama.core.audit.REDACTED to say it changed)"
                )
            cleaned[key] = _clean(item, here, words)
        return cleaned
    raise AuditDataError(f"audit data {path} is a {type(value).__name__}, not JSON")


def _target_of(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    if not isinstance(target, models.Model) or target.pk is None:
        raise AuditDataError("audit target must be a saved model instance or None")
    return target._meta.label_lower, str(target.pk)


def _lock_chain(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # SQLite: Nama opens transactions with BEGIN IMMEDIATE (settings.py), which
    # takes the database's single write lock, so writers are serialised already.


def log_action(
    actor: Any,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    *,
    reason: str = "",
    using: str = DEFAULT_DB_ALIAS,
) -> AuditEntry:
    """Append one entry to the audit log and return it.

    ``actor`` is the acting user (``None`` or anonymous for the system or the
    public); ``action`` a dotted name such as ``"accounts.user.login"``;
    ``target`` the saved object acted on; ``data`` small JSON facts about the
    action (ids, field names, counts; strings, integers, booleans, lists,
    dicts) and ``reason`` the stated reason, e.g. for revealing an identity.
    Neither may contain identifying values: see the module docstring.

    The entry is written atomically, inside the caller's transaction if there
    is one (so it disappears with a rolled-back action), with writers
    serialised so the chain never forks.
    """
    if not _ACTION.match(action) or len(action) > 100:
        raise AuditDataError(f"audit action {action!r} must be a dotted lower-case name")
    cleaned = _clean(data if data is not None else {}, "data", _identifying_keys())
    if not isinstance(cleaned, dict):
        raise AuditDataError("audit data must be a dict")
    target_type, target_id = _target_of(target)
    if len(target_id) > 64:
        raise AuditDataError("audit target id is longer than 64 characters")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    actor_id = actor.pk if authenticated else None
    actor_username = actor.get_username() if authenticated else ""

    with transaction.atomic(using=using):
        _lock_chain(using)
        previous = (
            AuditEntry.objects.using(using).order_by("-id").values_list("hash", flat=True).first()
        ) or GENESIS_HASH
        entry = AuditEntry(
            created_at=timezone.now(),
            actor_id=actor_id,
            actor_username=actor_username,
            action=action,
            target_type=target_type,
            target_id=target_id,
            data=cleaned,
            reason=reason,
            previous_hash=previous,
        )
        entry.hash = entry.compute_hash()
        entry.save(using=using, force_insert=True)
    return entry


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found."""

    count: int
    last_id: int | None
    last_hash: str
    broken_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def verify_chain(*, using: str = DEFAULT_DB_ALIAS, chunk_size: int = 5000) -> ChainReport:
    """Walk the log in id order, recomputing hashes and links; stop at the first break.

    Streams rows (no model instances) so millions of entries fit in memory.
    """
    previous = GENESIS_HASH
    count = 0
    last_id: int | None = None
    rows = (
        AuditEntry.objects.using(using)
        .order_by("id")
        .values_list(
            "id",
            "created_at",
            "actor_id",
            "actor_username",
            "action",
            "target_type",
            "target_id",
            "data",
            "reason",
            "previous_hash",
            "hash",
        )
        .iterator(chunk_size=chunk_size)
    )
    for row in rows:
        entry_id, created_at, actor_id, username, action, ttype, tid, data, reason, prev, stored = (
            row
        )
        if prev != previous:
            where = f"entry {last_id}" if last_id is not None else "the start of the log"
            return ChainReport(
                count,
                last_id,
                previous,
                entry_id,
                f"previous_hash does not match {where} (an entry was removed or inserted)",
            )
        expected = entry_hash(
            created_at=created_at,
            actor_id=actor_id,
            actor_username=username,
            action=action,
            target_type=ttype,
            target_id=tid,
            data=data,
            reason=reason,
            previous_hash=prev,
        )
        if expected != stored:
            return ChainReport(
                count, last_id, previous, entry_id, "hash does not match its contents (modified)"
            )
        previous = stored
        last_id = entry_id
        count += 1
    return ChainReport(count, last_id, previous)


# --- Database triggers -----------------------------------------------------
# Used by migration core.0002 and by the ``flush`` command (test suite).
# Keep this SQL and that migration in step: a change here needs a migration
# that reinstalls the triggers. On SQLite, a migration that rebuilds the table
# (most AlterField operations) drops its triggers: reinstall them in the same
# migration. ``audit_verify`` fails when they are missing.

_TABLE = "core_auditentry"
_SQLITE_TRIGGERS = {
    f"{_TABLE}_no_update": "UPDATE",
    f"{_TABLE}_no_delete": "DELETE",
}
_PG_FUNCTION = f"{_TABLE}_append_only"
_PG_TRIGGER = f"{_TABLE}_append_only"


def _install_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON {_TABLE} "
            "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
            for name, event in _SQLITE_TRIGGERS.items()
        ]
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION USING MESSAGE = 'audit log is append-only: ' || TG_OP || ' refused', "
            "ERRCODE = 'restrict_violation'; "
            "END $$",
            f"DROP TRIGGER IF EXISTS {_PG_TRIGGER} ON {_TABLE}",
            f"CREATE TRIGGER {_PG_TRIGGER} BEFORE UPDATE OR DELETE OR TRUNCATE ON {_TABLE} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_PG_FUNCTION}()",
        ]
    raise NotImplementedError(f"append-only audit triggers for {vendor} are not written yet")


def _drop_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {_PG_TRIGGER} ON {_TABLE}",
            f"DROP FUNCTION IF EXISTS {_PG_FUNCTION}()",
        ]
    raise NotImplementedError(f"append-only audit triggers for {vendor} are not written yet")


def install_append_only_triggers(connection: BaseDatabaseWrapper) -> None:
    """Make the database refuse UPDATE/DELETE (and TRUNCATE) on the audit table."""
    with connection.cursor() as cursor:
        for sql in _install_sql(connection.vendor):
            cursor.execute(sql)


def drop_append_only_triggers(connection: BaseDatabaseWrapper) -> None:
    """Remove the triggers (migration reversal and test-suite flushes only)."""
    with connection.cursor() as cursor:
        for sql in _drop_sql(connection.vendor):
            cursor.execute(sql)


def append_only_triggers_present(connection: BaseDatabaseWrapper) -> bool:
    """True when every append-only trigger exists (and is enabled)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [_TABLE],
            )
            return set(_SQLITE_TRIGGERS) <= {name for (name,) in cursor.fetchall()}
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass(%s) "
                "AND tgname = %s AND tgenabled <> 'D'",
                [_TABLE, _PG_TRIGGER],
            )
            return cursor.fetchone()[0] == 1
    return False


@contextlib.contextmanager
def append_only_suspended(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Drop the triggers for the duration of the block, inside one transaction.

    Only for ``flush`` in the test suite (settings.NAMA_AUDIT_ALLOW_FLUSH): on
    PostgreSQL the TRUNCATE trigger would otherwise fail every flush.
    """
    with transaction.atomic(using=connection.alias):
        drop_append_only_triggers(connection)
        yield
        install_append_only_triggers(connection)
