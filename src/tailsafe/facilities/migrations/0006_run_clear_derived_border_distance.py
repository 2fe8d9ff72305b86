"""The distance to the border is computed from the coordinates now (facilities/borders.py).

The values the enriched inventory loaded into ``distance_to_border_km`` were straight lines
computed on Natural Earth (their provenance says so), not distances along the valley from a
source: they are cleared with their provenance entry, so the field holds only what a source
gives along the valley. A value with any other provenance (typed by the secretariat, perhaps
from a source) is kept as it is: nothing is invented, nothing a person entered is lost.
"""

from django.db import migrations

DERIVED_MARK = "straight line from the stored point to the border"


def clear_derived(apps, schema_editor):
    Facility = apps.get_model("facilities", "Facility")
    for facility in Facility.objects.exclude(distance_to_border_km__isnull=True):
        entry = (facility.provenance or {}).get("distance_to_border_km") or {}
        if not isinstance(entry, dict) or DERIVED_MARK not in str(entry.get("note", "")):
            continue
        provenance = dict(facility.provenance)
        provenance.pop("distance_to_border_km", None)
        Facility.objects.filter(pk=facility.pk).update(
            distance_to_border_km=None, provenance=provenance
        )


class Migration(migrations.Migration):
    dependencies = [("facilities", "0005_run_pond_volume_border_label")]

    operations = [migrations.RunPython(clear_derived, migrations.RunPython.noop)]
