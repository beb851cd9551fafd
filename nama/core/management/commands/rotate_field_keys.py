"""``manage.py rotate_field_keys``: re-encrypt identifying fields under the newest key.

Key rotation (docs/security.md): put a new key first in NAMA_FIELD_KEYS and
keep the old ones after it, restart, run this command, then remove the old
keys. Every model of every installed app is searched for encrypted fields;
each value not yet under the newest key is re-encrypted (``MultiFernet.rotate``)
in batches of primary keys, one transaction per batch, so an interrupted run
can simply be started again. ``--reindex`` also recomputes every blind index
from the decrypted values with the current NAMA_INDEX_KEY (after changing that
key, or after bulk updates that skipped ``save()``). ``--dry-run`` only counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from nama.core import crypto
from nama.core.fields import BlindIndexField, EncryptedFieldMixin
from nama.core.signals import blind_indexes_recomputed


@dataclass
class _Counts:
    rows: int = 0
    rotated: int = 0
    reindexed: int = 0


def _raw(name: str) -> str:
    return f"_nama_raw_{name}"


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the newest key of NAMA_FIELD_KEYS; "
        "with --reindex also recompute blind indexes with the current NAMA_INDEX_KEY."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")
        parser.add_argument(
            "--reindex", action="store_true", help="Also recompute every blind index."
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        total = _Counts()
        for model in apps.get_models():
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue
            encrypted = [
                f for f in meta.local_concrete_fields if isinstance(f, EncryptedFieldMixin)
            ]
            indexes = [
                f
                for f in meta.local_concrete_fields
                if options["reindex"] and isinstance(f, BlindIndexField)
            ]
            if not encrypted and not indexes:
                continue
            counts = self._process(model, encrypted, indexes, options)
            verb = "would change" if dry_run else "changed"
            self.stdout.write(
                f"{meta.label}: {counts.rows} rows, {verb} {counts.rotated} encrypted values"
                + (f" and {counts.reindexed} index values" if options["reindex"] else "")
            )
            total.rows += counts.rows
            total.rotated += counts.rotated
            total.reindexed += counts.reindexed
        if options["reindex"] and not dry_run:
            # Keyed hashes kept outside BlindIndexFields (name-matching keys).
            for receiver, answer in blind_indexes_recomputed.send(sender=self.__class__):
                self.stdout.write(f"{getattr(receiver, '__name__', receiver)}: {answer}")
        prefix = "Dry run: nothing written. " if dry_run else ""
        self.stdout.write(
            f"{prefix}Total: {total.rows} rows, {total.rotated} encrypted values re-encrypted"
            + (f", {total.reindexed} index values recomputed" if options["reindex"] else "")
            + "."
        )

    def _process(
        self,
        model: type[models.Model],
        encrypted: list[Any],
        indexes: list[BlindIndexField],
        options: dict[str, Any],
    ) -> _Counts:
        using = options["database"]
        connection = connections[using]
        quote = connection.ops.quote_name
        pk = model._meta.pk
        assert pk is not None
        encrypted_names = {f.name for f in encrypted}
        # Sources of the indexes that are not encrypted are read as they are.
        plain_sources = sorted({f.source for f in indexes} - encrypted_names - {pk.name})
        # Read ciphertexts as stored: a plain TextField output skips decryption.
        raw = {
            _raw(f.name): models.ExpressionWrapper(
                models.F(f.name), output_field=models.TextField()
            )
            for f in encrypted
        }
        columns = [pk.attname, *raw, *(f.attname for f in indexes), *plain_sources]
        counts = _Counts()
        last_pk: Any = None
        while True:
            with transaction.atomic(using=using):
                queryset = model._base_manager.using(using).order_by(pk.name)
                if last_pk is not None:
                    queryset = queryset.filter(pk__gt=last_pk)
                batch = list(
                    queryset.select_for_update()
                    .annotate(**raw)
                    .values(*columns)[: options["batch_size"]]
                )
                if not batch:
                    break
                last_pk = batch[-1][pk.attname]
                updates: list[tuple[dict[str, Any], Any]] = []
                for row in batch:
                    changes = self._changes(model, row, encrypted, indexes, counts)
                    if changes:
                        updates.append((changes, row[pk.attname]))
                counts.rows += len(batch)
                if options["dry_run"]:
                    continue
                with connection.cursor() as cursor:
                    for changes, key in updates:
                        assignments = ", ".join(f"{quote(column)} = %s" for column in changes)
                        cursor.execute(
                            f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608 - quoted names, values as parameters
                            f"WHERE {quote(pk.column)} = %s",
                            # A UUID key must reach SQLite in its stored form.
                            [*changes.values(), pk.get_db_prep_value(key, connection)],
                        )
        return counts

    def _changes(
        self,
        model: type[models.Model],
        row: dict[str, Any],
        encrypted: list[Any],
        indexes: list[BlindIndexField],
        counts: _Counts,
    ) -> dict[str, Any]:
        """Column → new raw value for one row; counts what changes."""
        changes: dict[str, Any] = {}
        plaintexts: dict[str, str | None] = {}
        sources = {index.source for index in indexes}
        for field in encrypted:
            token = row[_raw(field.name)]
            if not token:
                plaintexts[field.name] = token
                continue
            try:
                if field.name in sources:
                    plaintexts[field.name] = crypto.decrypt(token)
                if not crypto.is_current(token):
                    changes[field.column] = crypto.rotate(token)
                    counts.rotated += 1
            except crypto.DecryptionError as exc:
                key = row[model._meta.pk.attname] if model._meta.pk else "?"
                raise CommandError(
                    f"{model._meta.label} pk={key} field {field.name}: {exc}"
                ) from None
        for index in indexes:
            source = plaintexts.get(index.source, row.get(index.source))
            value = index.compute(source)
            if value != row[index.attname]:
                changes[index.column] = value
                counts.reindexed += 1
        return changes
