"""The full-text index: FTS5 on SQLite, a weighted tsvector with a GIN index on PostgreSQL.

Both index the already-normalised words of ``SearchEntry`` (nama.core.text);
neither database folds anything itself. SQLite's FTS5 table is written by the
service (no triggers); PostgreSQL's ``document`` is a generated column, so it
follows every UPDATE of title, summary or body. Django does not know the
``document`` column; only nama.searchindex.backends reads it.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE searchindex_fts USING fts5("
    "title, summary, body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS searchindex_fts"]

POSTGRES_FORWARD = [
    "ALTER TABLE searchindex_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, summary), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, body), 'C')) STORED",
    "CREATE INDEX searchindex_document_gin ON searchindex_searchentry USING gin (document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS searchindex_document_gin",
    "ALTER TABLE searchindex_searchentry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("searchindex", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
