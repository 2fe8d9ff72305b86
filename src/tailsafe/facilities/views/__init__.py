"""Facility views (T1, T2, T4, T5): load -> check access -> call a service -> render."""

from __future__ import annotations

from tailsafe.facilities.views.base import (
    FIELD_GROUPS,
    RANKING_FIELDS,
    RANKING_PAGE,
    field_rows,
)
from tailsafe.facilities.views.exports import (
    export_csv,
    export_geojson,
)
from tailsafe.facilities.views.inventory import (
    facility_archive,
    facility_confirm,
    facility_create,
    facility_detail,
    facility_edit,
    facility_list,
    facility_publish,
    facility_sheet,
)
from tailsafe.facilities.views.parameter_sets import (
    parameter_set_activate,
    parameter_sets,
)
from tailsafe.facilities.views.portfolio import (
    basins,
    map_view,
    ranking,
)

__all__ = [
    "FIELD_GROUPS",
    "RANKING_FIELDS",
    "RANKING_PAGE",
    "basins",
    "export_csv",
    "export_geojson",
    "facility_archive",
    "facility_confirm",
    "facility_create",
    "facility_detail",
    "facility_edit",
    "facility_list",
    "facility_publish",
    "facility_sheet",
    "field_rows",
    "map_view",
    "parameter_set_activate",
    "parameter_sets",
    "ranking",
]
