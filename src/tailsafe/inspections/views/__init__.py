"""Checklist assessments, priority matrix, question banks and joint inspections (T3, T8):
load -> check access -> call a service -> render."""

from __future__ import annotations

from tailsafe.inspections.views.assessments import (
    answer_save,
    assessment,
    compare,
    evidence,
    index,
    matrix,
    start,
    submit,
)
from tailsafe.inspections.views.banks import (
    bank_activate,
    bank_detail,
    banks,
)
from tailsafe.inspections.views.base import (
    CATEGORY_LABELS,
)
from tailsafe.inspections.views.joint import (
    finding_save,
    inspection,
    inspection_complete,
    inspection_list,
    inspection_plan,
    inspection_report,
)

__all__ = [
    "CATEGORY_LABELS",
    "answer_save",
    "assessment",
    "bank_activate",
    "bank_detail",
    "banks",
    "compare",
    "evidence",
    "finding_save",
    "index",
    "inspection",
    "inspection_complete",
    "inspection_list",
    "inspection_plan",
    "inspection_report",
    "matrix",
    "start",
    "submit",
]
