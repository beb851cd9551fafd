"""``manage.py flush`` that knows the audit log is append-only.

Django's flush empties every table; the audit table's triggers refuse that
(on PostgreSQL even when it is empty: TRUNCATE fires them). The test suite
flushes between transactional tests, so where ``settings.NAMA_AUDIT_ALLOW_FLUSH``
is true (nama.settings_test) the triggers are dropped and reinstalled around
the flush, in one transaction. Elsewhere a non-empty audit log makes flush
refuse, with an explanation instead of a database error.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import connections

from nama.core.audit import AuditEntry, append_only_suspended


class Command(flush.Command):
    help = (
        f"{flush.Command.help} The append-only audit log is kept: flush refuses while "
        "it has entries, unless settings.NAMA_AUDIT_ALLOW_FLUSH (test suite)."
    )

    def handle(self, **options: Any) -> None:
        database = options["database"]
        connection = connections[database]
        if AuditEntry._meta.db_table not in connection.introspection.table_names():
            return super().handle(**options)
        allowed = getattr(settings, "NAMA_AUDIT_ALLOW_FLUSH", False)
        if not allowed and AuditEntry.objects.using(database).exists():
            raise CommandError(
                "The audit log is append-only and has entries; flush would have to erase "
                "it. Drop and recreate the database instead if that is really meant."
            )
        with append_only_suspended(connection):
            super().handle(**options)
        return None
