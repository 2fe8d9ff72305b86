"""Monitoring views: load -> check access -> call a service -> render."""

from __future__ import annotations

from tailsafe.monitoring.views.alerts import (
    alert_acknowledge,
    alert_list,
    alert_resolve,
)
from tailsafe.monitoring.views.base import (
    facility_url,
    point_detail,
    point_list,
    series_edit,
)
from tailsafe.monitoring.views.charts import (
    CHART_WIDTH_MAX,
    series_chart,
    series_data,
)
from tailsafe.monitoring.views.imports import (
    import_detail,
    import_progress,
    import_upload,
    mapping_edit,
    observation_create,
)

__all__ = [
    "CHART_WIDTH_MAX",
    "alert_acknowledge",
    "alert_list",
    "alert_resolve",
    "facility_url",
    "import_detail",
    "import_progress",
    "import_upload",
    "mapping_edit",
    "observation_create",
    "point_detail",
    "point_list",
    "series_chart",
    "series_data",
    "series_edit",
]
