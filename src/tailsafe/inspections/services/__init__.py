"""Named operations on checklist assessments (T3), the priority matrix and joint inspections (T8).

Terms of reference §8 (identify and prioritise facilities with the UNECE Checklist Methodology)
and §13 (joint national inspections, EPR rec. 15.3). Each write checks permission, applies the
rule, records the audit entry, in one transaction. Scores come from the pure
:mod:`tailsafe.methodology.checklist` with the parameter set the assessment records.
"""

from __future__ import annotations

from tailsafe.inspections.services.access import (
    can_edit,
    can_fill,
    can_view,
    check_view,
    is_own_facility,
    visible_assessments,
)
from tailsafe.inspections.services.assessments import (
    add_evidence,
    compare,
    latest,
    questions_for,
    save_answer,
    score,
    score_rows,
    shortfalls,
    start_assessment,
    submit_assessment,
)
from tailsafe.inspections.services.base import (
    ANSWERS,
    BANDS,
    CREDIBILITIES,
    EVIDENCE_KINDS,
    MODULES,
)
from tailsafe.inspections.services.joint import (
    complete_inspection,
    measures_in_words,
    plan_inspection,
    record_finding,
    record_findings,
    report_context,
)
from tailsafe.inspections.services.matrix import (
    _priority,
    matrix_cell,
    priority_matrix,
    safety_level,
    safety_levels,
)

__all__ = [
    "ANSWERS",
    "BANDS",
    "CREDIBILITIES",
    "EVIDENCE_KINDS",
    "MODULES",
    "_priority",
    "add_evidence",
    "can_edit",
    "can_fill",
    "can_view",
    "check_view",
    "compare",
    "complete_inspection",
    "is_own_facility",
    "latest",
    "matrix_cell",
    "measures_in_words",
    "plan_inspection",
    "priority_matrix",
    "questions_for",
    "record_finding",
    "record_findings",
    "report_context",
    "safety_level",
    "safety_levels",
    "save_answer",
    "score",
    "score_rows",
    "shortfalls",
    "start_assessment",
    "submit_assessment",
    "visible_assessments",
]
