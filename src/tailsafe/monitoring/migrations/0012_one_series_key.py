"""One foreign key per reading instead of two (issue 20, item 4): on PostgreSQL a reading's
(point, parameter) must be an entry of the programme, checked once per row; the separate keys
to the point and to the parameter go. bench/bench_monitoring.py measured a COPY into the table
1.38-1.56 x as fast with one key fewer. SQLite keeps no key for these columns (it cannot add a
composite key to an existing table); there the importer's rule stands alone."""

import django.db.models.deletion
from django.db import migrations, models

KEY = "mon_obs_series_fk"


def add_series_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE monitoring_observation ADD CONSTRAINT {KEY} "
        "FOREIGN KEY (point_id, parameter_id) "
        "REFERENCES monitoring_pointparameter (point_id, parameter_id) "
        "DEFERRABLE INITIALLY DEFERRED"
    )


def drop_series_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE monitoring_observation DROP CONSTRAINT {KEY}")


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0011_alert_reason"),
    ]

    operations = [
        migrations.AlterField(
            model_name="observation",
            name="parameter",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="monitoring.parameter",
            ),
        ),
        migrations.AlterField(
            model_name="observation",
            name="point",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="monitoring.monitoringpoint",
            ),
        ),
        migrations.AddField(  # the pair as the programme entry, for Django (no column)
            model_name="observation",
            name="series",
            field=models.ForeignObject(
                default=None,
                from_fields=["point", "parameter"],
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="monitoring.pointparameter",
                to_fields=["point", "parameter"],
            ),
            preserve_default=False,
        ),
        migrations.RunPython(add_series_key, drop_series_key),
    ]
