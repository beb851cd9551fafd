"""The database refuses UPDATE, DELETE and TRUNCATE on the audit log.

SQLite gets BEFORE UPDATE/DELETE triggers that RAISE(ABORT); PostgreSQL a
plpgsql function raising ``restrict_violation`` from a statement-level BEFORE
UPDATE OR DELETE OR TRUNCATE trigger. The SQL lives in ``nama.core.audit`` so
the test suite's ``flush`` reinstalls exactly what this migration installs.
"""

from django.db import migrations


def install(apps, schema_editor):
    from nama.core.audit import install_append_only_triggers

    install_append_only_triggers(schema_editor.connection)


def drop(apps, schema_editor):
    from nama.core.audit import drop_append_only_triggers

    drop_append_only_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, drop, elidable=False),
    ]
