"""Joint inspections (T8): plan, findings, completion, report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.inspections.models import (
    Finding,
    JointInspection,
)
from tailsafe.inspections.services.assessments import score, shortfalls
from tailsafe.inspections.services.base import ANSWERS, CREDIBILITIES, MODULES
from tailsafe.methodology import services as methodology
from tailsafe.methodology.models import Question
from tailsafe.methodology.question_bank import active_bank

if TYPE_CHECKING:
    from tailsafe.core.models import User

# --- joint inspections (T8) -------------------------------------------------------------------


@transaction.atomic
def plan_inspection(
    user: User,
    facility: Any,
    *,
    date: dt.date,
    module: str,
    institutions: Iterable[Any],
    inspectors: Iterable[Any] = (),
) -> JointInspection:
    """Plan a joint inspection by several authorities (§13, EPR rec. 15.3): at least two
    participating institutions, a checklist module and a date."""
    require(user, Perm.INSPECT)
    institutions = list(institutions)
    errors: dict[str, list[str]] = {}
    if len(institutions) < 2:
        errors["institutions"] = [_("A joint inspection needs at least two institutions.")]
    if module not in MODULES:
        errors["module"] = [_("Choose a checklist module.")]
    if facility.is_archived:
        errors["facility"] = [_("An archived facility cannot be inspected.")]
    if errors:
        raise ValidationError(errors)
    inspection = JointInspection(
        facility=facility,
        date=date,
        module=module,
        bank=active_bank(),
        parameter_set=methodology.active_parameter_set(),
        created_by=user,
    )
    save_with_audit(inspection, user, "joint inspection planned")
    inspection.institutions.set(institutions)
    inspection.inspectors.set(list(inspectors))
    return inspection


@transaction.atomic
def record_finding(
    user: User, inspection: JointInspection, question: Question, data: dict[str, Any]
) -> Finding:
    """Record the team's finding on one question (inspectors; until the report is completed)."""
    require(user, Perm.INSPECT)
    if inspection.status == JointInspection.Status.COMPLETED:
        raise ValidationError(_("The inspection is completed; its findings are frozen."))
    if question.bank_id != inspection.bank_id:
        raise ValidationError(_("This question is not part of the inspection."))
    answer = str(data.get("answer") or "")
    credibility = str(data.get("credibility") or "")
    if answer and answer not in ANSWERS:
        raise ValidationError({"answer": _("Choose one of the listed answers.")})
    if credibility and credibility not in CREDIBILITIES:
        raise ValidationError({"credibility": _("Choose one of the listed credibility levels.")})
    row, _created = Finding.objects.get_or_create(inspection=inspection, question=question)
    row.answer, row.credibility = answer, credibility
    row.text = str(data.get("text") or "")[:5000]
    save_with_audit(row, user, "finding recorded")
    return row


@transaction.atomic
def record_findings(
    user: User, inspection: JointInspection, rows: dict[int, dict[str, Any]]
) -> list[Finding]:
    """Record the team's findings on every question of the page with one action (issue 15:
    nothing typed is lost), in one transaction: a question left blank and never answered gets
    no row, a finding whose answer, credibility and text are unchanged is not written again.
    Returns the findings written."""
    require(user, Perm.INSPECT)
    questions = {q.pk: q for q in Question.objects.filter(bank_id=inspection.bank_id, pk__in=rows)}
    if set(rows) - set(questions):
        raise ValidationError(_("This question is not part of the inspection."))
    existing = {f.question_id: f for f in inspection.findings.all()}
    written = []
    for pk, data in rows.items():
        answer = str(data.get("answer") or "")
        credibility = str(data.get("credibility") or "")
        text = str(data.get("text") or "")[:5000]
        old = existing.get(pk)
        if old is None and not (answer or credibility or text.strip()):
            continue
        if old is not None and (old.answer, old.credibility, old.text) == (
            answer,
            credibility,
            text,
        ):
            continue
        written.append(record_finding(user, inspection, questions[pk], data))
    return written


@transaction.atomic
def complete_inspection(user: User, inspection: JointInspection, summary: str) -> JointInspection:
    """Close the inspection with a summary; the findings freeze and the report is final."""
    require(user, Perm.INSPECT)
    if not inspection.findings.exists():
        raise ValidationError(_("Record at least one finding before completing."))
    inspection.summary = summary[:10000]
    inspection.status = JointInspection.Status.COMPLETED
    save_with_audit(inspection, user, "joint inspection completed")
    return inspection


def report_context(inspection: JointInspection) -> dict[str, Any]:
    """What the inspection report shows (PDF and DOCX), in the active language at render time."""
    from tailsafe.governance.signatories import signatory_of

    findings = list(inspection.findings.select_related("question"))
    inspectors = list(inspection.inspectors.all())
    return {
        "inspection": inspection,
        "facility": inspection.facility,
        "institutions": list(inspection.institutions.all()),
        "inspectors": inspectors,
        # The signature block: each inspector's name, position and institution.
        "signatories": [signatory_of(u, inspection.date.year) for u in inspectors],
        "findings": findings,
        "result": score(inspection, findings),
        "shortfalls": [
            {**s, "measures": measures_in_words(s["measures"])} for s in shortfalls(inspection)
        ],
        "parameter_set": inspection.parameter_set,
        "bank": inspection.bank,
        # The draft stamp only while the inspection is not completed; provisional parameters
        # or checklist are said as such next to the safety level.
        "draft": inspection.status != JointInspection.Status.COMPLETED,
    }


def measures_in_words(measures: list[tuple[str, str]]) -> list[tuple[Any, str]]:
    """(term in words, text) for a question's (term code, text) catalogue measures; the term
    stays lazy so the paper says it in its own language."""
    from tailsafe.methodology.models import MEASURE_TERMS

    return [(MEASURE_TERMS.get(term, term), text) for term, text in measures]
