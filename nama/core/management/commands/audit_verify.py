"""``manage.py audit_verify``: recompute the audit log's hash chain.

Exit status 0 and "Audit log intact: N entries" when every entry's hash
matches its contents and links to the entry before it; otherwise a
``CommandError`` (exit status 1) naming the first broken entry and why. Also
fails when the append-only triggers are missing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from nama.core.audit import AuditEntry, append_only_triggers_present, verify_chain


def _anchor(value: str) -> tuple[int, str]:
    entry_id, _, digest = value.partition(":")
    if not entry_id.isdigit() or len(digest) != 64:
        raise ValueError("expected ID:HASH")
    return int(entry_id), digest.lower()


class Command(BaseCommand):
    help = (
        "Verify the audit log: recompute every entry's hash in id order and check the "
        "links between entries. Exits with status 1 at the first broken entry."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--chunk-size", type=int, default=5000)
        parser.add_argument(
            "--anchor",
            type=_anchor,
            action="append",
            default=[],
            metavar="ID:HASH",
            help=(
                "A head recorded earlier outside the database (from a previous run's "
                "output); fails unless that entry still carries that hash. Repeatable."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        using = options["database"]
        report = verify_chain(using=using, chunk_size=options["chunk_size"])
        if not report.intact:
            raise CommandError(
                f"Audit log broken at entry {report.broken_id}: {report.problem}. "
                f"{report.count} entries before it are intact."
            )
        for entry_id, digest in options["anchor"]:
            stored = (
                AuditEntry.objects.using(using)
                .filter(pk=entry_id)
                .values_list("hash", flat=True)
                .first()
            )
            if stored != digest:
                problem = "is missing" if stored is None else "carries another hash"
                raise CommandError(f"Audit log broken at entry {entry_id}: anchor {problem}.")
        if not append_only_triggers_present(connections[using]):
            raise CommandError(
                f"Audit log chain intact ({report.count} entries) but the append-only "
                "triggers are missing: run `manage.py migrate` or reinstall them "
                "(docs/security.md, Audit log)."
            )
        self.stdout.write(f"Audit log intact: {report.count} entries")
        if report.last_id is not None:
            self.stdout.write(f"Head: {report.last_id}:{report.last_hash}")
