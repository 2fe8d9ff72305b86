"""Load the shipped parameter set provisional-1 and make it active (methodology.md)."""

from importlib import resources
from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from tailsafe.methodology.params import DEFAULT_PARAMETER_SET, load_parameter_set

    parameter_set = apps.get_model("methodology", "ParameterSet")
    if parameter_set.objects.filter(name=DEFAULT_PARAMETER_SET).exists():
        return
    text = (
        resources.files("tailsafe.methodology")
        .joinpath("parameter_sets", f"{DEFAULT_PARAMETER_SET}.yaml")
        .read_text(encoding="utf-8")
    )
    data = load_parameter_set(text)
    parameter_set.objects.create(
        name=data["name"],
        version=str(data["version"]),
        provisional=data["provisional"],
        description=data["description"],
        data=data,
        source_text=text,
        active=not parameter_set.objects.filter(active=True).exists(),
    )


class Migration(migrations.Migration):
    dependencies = [("methodology", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
