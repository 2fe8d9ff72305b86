"""What the facility pages share: field rows, the ranked rows, the active parameter set."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, TextField
from django.utils.translation import gettext as _

from tailsafe.core.i18n import text_language
from tailsafe.facilities.indexes import term_rows
from tailsafe.facilities.models import Facility
from tailsafe.facilities.rules import facilities_visible_to
from tailsafe.methodology import ranking as portfolio_ranking
from tailsafe.methodology import services as methodology
from tailsafe.methodology.models import ParameterSet

if TYPE_CHECKING:
    from tailsafe.core.models import User

FIELD_GROUPS = [
    (
        "identity",
        (
            "code",
            "name_ru",
            "name_tg",
            "name_en",
            "other_names",
            "status",
            "status_note",
            "commodity",
            "operator",
            "operator_note",
        ),
    ),
    (
        "location",
        (
            "region",
            "district",
            "nearest_settlement",
            "latitude",
            "longitude",
            "location_basis",
            "coord_uncertainty_km",
        ),
    ),
    (
        "tailings",
        (
            "volume_m3",
            "pond_volume_m3",
            "volume_basis",
            "volume_unit",
            "mass_t",
            "density_t_m3",
            "throughput_t_per_year",
            "operating_years",
            "area_ha",
            "dam_type",
            "dam_height_m",
            "hazardous_substances",
            "toxicity_scheme",
            "wgk",
            "gost_class",
            "wgk_justification",
            "radioactive",
            "radioactive_justification",
            "management",
            "flood",
            "seismic",
            "dam_condition",
        ),
    ),
    (
        "downstream",
        (
            "river",
            "basin",
            "downstream_countries",
            "distance_to_river_km",
            "distance_to_settlement_km",
            "distance_to_border_km",
            "population_downstream",
            "protected_area_downstream",
            "dam_across_watercourse",
        ),
    ),
    (
        "natech",
        (
            "seismic_msk64",
            "seismic_pga_g",
            "seismic_source",
            "mudflow",
            "flash_flood",
            "landslide",
            "design_flood",
            "design_earthquake",
            "natural_hazards_note",
            "climate_notes",
        ),
    ),
]


def _display(facility: Facility, name: str) -> tuple[str, bool]:
    """(text, known) for one field."""
    value = getattr(facility, name)
    if value is None or value == "":
        return _("unknown"), False
    if isinstance(value, bool):
        return (_("yes") if value else _("no")), True
    field = Facility._meta.get_field(name)
    if getattr(field, "choices", None):
        return str(getattr(facility, f"get_{name}_display")()), True
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}", True
    return str(value), True


def _language(name: str, text: str, known: bool) -> str:
    """The language a row's value is written in, for its ``lang`` mark (WCAG 3.1.2): a name's
    own language (name_ru, name_tg), the letters of a typed text; "" for what the page wrote."""
    if not known:
        return ""
    suffix = name.rsplit("_", 1)[-1]
    if name.startswith("name_") and suffix in ("ru", "tg", "en"):
        return suffix
    field = Facility._meta.get_field(name)
    if getattr(field, "choices", None) or not isinstance(field, CharField | TextField):
        return ""
    return text_language(text)


def field_rows(facility: Facility, names: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for name in names:
        text, known = _display(facility, name)
        rows.append(
            {
                "name": name,
                "label": Facility._meta.get_field(name).verbose_name,  # type: ignore[union-attr]
                "value": text,
                "known": known,
                "lang": _language(name, text, known),
                "source": facility.source_of(name),
            }
        )
    return rows


RANKING_PAGE = 50
RANKING_FIELDS = ("code", "name_ru", "name_tg", "name_en")  # what ranking.html shows


def _ranked(include_archived: bool = False, user: User | None = None) -> list[dict[str, Any]]:
    """Every facility ranked among all of them; with `user`, only the rows they may see
    (facilities.rules.facilities_visible_to), each keeping its rank among all."""
    qs = Facility.objects.select_related("operator")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    _ranking, rows = portfolio_ranking.ranked_rows(qs)
    if user is not None:
        keep = set(facilities_visible_to(user, qs).values_list("pk", flat=True))
        rows = [r for r in rows if r["facility"].pk in keep]
    for row in rows:
        row["terms"] = term_rows(row["assessment"])
    return rows


def _active() -> ParameterSet:
    return methodology.active_parameter_set()
