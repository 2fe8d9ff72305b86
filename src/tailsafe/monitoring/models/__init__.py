"""The monitoring programme (T6) and early warning (T7): points, parameters, reference norms,
TARP thresholds per point and parameter, observations (millions of rows), imports and the alert
history (methodology.md "Early warning levels (T7)")."""

from tailsafe.monitoring.models.choices import (
    CENSORED_CHOICES,
    CONFIDENCE_CHOICES,
    EVENT_STATE_CHOICES,
    EVENT_STATE_LABELS,
    LEVEL_CHOICES,
    LEVEL_LABELS,
    NORM_RESULT_CHOICES,
    NORM_STATE_CHOICES,
    UNIT_LIST,
)
from tailsafe.monitoring.models.imports import ColumnMapping, ImportBatch
from tailsafe.monitoring.models.parameters import LimitNorm, Parameter
from tailsafe.monitoring.models.points import MonitoringPoint, PointParameter
from tailsafe.monitoring.models.readings import AlertEvent, Observation

__all__ = [
    "CENSORED_CHOICES",
    "CONFIDENCE_CHOICES",
    "EVENT_STATE_CHOICES",
    "EVENT_STATE_LABELS",
    "LEVEL_CHOICES",
    "LEVEL_LABELS",
    "NORM_RESULT_CHOICES",
    "NORM_STATE_CHOICES",
    "UNIT_LIST",
    "AlertEvent",
    "ColumnMapping",
    "ImportBatch",
    "LimitNorm",
    "MonitoringPoint",
    "Observation",
    "Parameter",
    "PointParameter",
]
