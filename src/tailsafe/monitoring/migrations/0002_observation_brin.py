"""A BRIN index on observation time for PostgreSQL: readings arrive roughly in time order, so
a block-range index serves period scans at almost no insert cost. Other databases skip it."""

from django.db import migrations


def create_brin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS mon_obs_taken_brin ON monitoring_observation "
            "USING brin (taken_at)"
        )


def drop_brin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS mon_obs_taken_brin")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(create_brin, drop_brin)]
