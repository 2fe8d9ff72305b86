"""Named operations on checklist assessments (T3), the priority matrix and joint inspections (T8).

Terms of reference §8 (identify and prioritise facilities with the UNECE Checklist Methodology)
and §13 (joint national inspections, EPR rec. 15.3). Each write checks permission, applies the
rule, records the audit entry, in one transaction. Scores come from the pure
:mod:`tailsafe.methodology.checklist` with the parameter set the assessment records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, has_perm, require, require_can
from tailsafe.core.uploads import validate_document
from tailsafe.facilities import rules as facility_rules
from tailsafe.inspections import rules
from tailsafe.inspections.models import (
    ANSWER_CHOICES,
    CREDIBILITY_CHOICES,
    Answer,
    Assessment,
    Evidence,
    Finding,
    JointInspection,
)
from tailsafe.methodology import checklist, ranking
from tailsafe.methodology import services as methodology
from tailsafe.methodology.models import MODULE_CHOICES, Question, QuestionBank
from tailsafe.methodology.question_bank import active_bank

ANSWERS = {k for k, _l in ANSWER_CHOICES}
CREDIBILITIES = {k for k, _l in CREDIBILITY_CHOICES}
MODULES = {k for k, _l in MODULE_CHOICES}
EVIDENCE_KINDS = ("pdf", "png", "jpeg", "tiff")
BANDS = ("red", "amber", "green")


# --- access -----------------------------------------------------------------------------------


def is_own_facility(user: Any, facility: Any) -> bool:
    return facility_rules.is_own_facility(user, facility)


def can_view(user: Any, assessment: Assessment) -> bool:
    """Operators see only assessments of their own facilities; the group sees all."""
    return rules.can_view(user, assessment)


def check_view(user: Any, assessment: Assessment) -> None:
    require_can(
        user, "view", assessment, _("You can open only the assessments of your own facilities.")
    )


def can_fill(user: Any, kind: str, facility: Any) -> bool:
    """Self-assessments: the facility's operator (SELF_ASSESS, own facility) or an admin;
    authority assessments: inspectors (INSPECT)."""
    if kind == Assessment.Kind.SELF:
        return rules.can_self_assess(user, facility)
    if kind == Assessment.Kind.AUTHORITY:
        return has_perm(user, Perm.INSPECT)
    return False


def can_edit(user: Any, assessment: Assessment) -> bool:
    return rules.can_edit(user, assessment)


def visible_assessments(user: Any) -> QuerySet[Assessment]:
    return rules.assessments_visible_to(
        user, Assessment.objects.select_related("facility", "bank", "parameter_set")
    )


# --- assessments ------------------------------------------------------------------------------


def questions_for(bank: QuestionBank, module: str) -> list[Question]:
    """The bank's questions that apply to `module`, in bank order."""
    return [q for q in bank.questions.all() if module in (q.modules or [])]


@transaction.atomic
def start_assessment(user: Any, facility: Any, kind: str, module: str) -> Assessment:
    """Start (or reopen) a draft assessment of `facility` (T3, §8).

    One draft per facility and kind: an open draft is returned as it is. Otherwise a new version
    starts with the active question bank and parameter set; the submitted ones stay frozen.
    """
    if kind not in Assessment.Kind.values:
        raise ValidationError(_("Unknown kind of assessment."))
    if not can_fill(user, kind, facility):
        raise PermissionDenied(_("You cannot fill this kind of assessment for this facility."))
    if module not in MODULES:
        raise ValidationError(_("Choose a checklist module."))
    if facility.is_archived:
        raise ValidationError(_("An archived facility cannot be assessed."))
    draft = Assessment.objects.filter(facility=facility, kind=kind, status="draft").first()
    if draft is not None:
        return draft
    last = Assessment.objects.filter(facility=facility, kind=kind).aggregate(v=Max("version"))
    assessment = Assessment(
        facility=facility,
        kind=kind,
        module=module,
        bank=active_bank(),
        parameter_set=methodology.active_parameter_set(),
        version=(last["v"] or 0) + 1,
        institution=user.institution,
        created_by=user,
    )
    save_with_audit(assessment, user, "assessment started")
    return assessment


def _check_editable(user: Any, assessment: Assessment) -> None:
    check_view(user, assessment)
    if not can_fill(user, assessment.kind, assessment.facility):
        raise PermissionDenied(_("You cannot fill this assessment."))
    if not assessment.is_draft:
        raise ValidationError(
            _("This assessment was submitted and is frozen; start a new version to change it.")
        )


@transaction.atomic
def save_answer(
    user: Any, assessment: Assessment, question: Question, data: dict[str, Any]
) -> Answer:
    """Autosave one answer of a draft (T3). Unknown values are rejected with a message."""
    _check_editable(user, assessment)
    if question.bank_id != assessment.bank_id or assessment.module not in (question.modules or []):
        raise ValidationError(_("This question is not part of the assessment."))
    answer = str(data.get("answer") or "")
    credibility = str(data.get("credibility") or "")
    if answer and answer not in ANSWERS:
        raise ValidationError({"answer": _("Choose one of the listed answers.")})
    if credibility and credibility not in CREDIBILITIES:
        raise ValidationError({"credibility": _("Choose one of the listed credibility levels.")})
    row, _created = Answer.objects.get_or_create(assessment=assessment, question=question)
    row.answer = answer
    row.credibility = credibility
    row.comment = str(data.get("comment") or "")[:5000]
    row.updated_at = timezone.now()
    save_with_audit(row, user, "answer saved")
    return row


@transaction.atomic
def add_evidence(user: Any, assessment: Assessment, question: Question, upload: Any) -> Evidence:
    """Attach a document or photo to an answer (PDF/PNG/JPEG/TIFF, size-limited)."""
    _check_editable(user, assessment)
    validate_document(upload, EVIDENCE_KINDS)
    row, _created = Answer.objects.get_or_create(assessment=assessment, question=question)
    return Evidence.objects.create(answer=row, file=upload, uploaded_by=user)


@transaction.atomic
def submit_assessment(user: Any, assessment: Assessment) -> Assessment:
    """Submit and freeze a draft: every applicable question must be answered, with credibility
    for each answer other than "not applicable" (T3)."""
    _check_editable(user, assessment)
    answers = {a.question_id: a for a in assessment.answers.all()}
    missing = [
        q.code
        for q in questions_for(assessment.bank, assessment.module)
        if q.pk not in answers or not answers[q.pk].complete
    ]
    if missing:
        raise ValidationError(
            _("Answer every question (with its credibility) before submitting: %(codes)s")
            % {"codes": ", ".join(missing)}
        )
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_by = user
    assessment.submitted_at = timezone.now()
    save_with_audit(assessment, user, "assessment submitted")
    return assessment


def score_rows(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Answer-like rows (question, answer, credibility) as checklist.score input; unanswered
    rows are left out."""
    found = []
    for r in rows:
        if not r.answer or (r.answer != "na" and not r.credibility):
            continue
        found.append(
            {
                "category": r.question.category,
                "weight": r.question.weight,
                "answer": r.answer,
                "credibility": r.credibility or "none",
                "question": r.question,
                "row": r,
            }
        )
    return found


def score(assessment: Assessment | JointInspection, rows: Iterable[Any] | None = None) -> Any:
    """The checklist result of an assessment (or inspection) with the parameter set it recorded."""
    if rows is None:
        rows = (
            assessment.answers.select_related("question")
            if isinstance(assessment, Assessment)
            else assessment.findings.select_related("question")
        )
    return checklist.score(score_rows(rows), assessment.parameter_set.params)


def shortfalls(assessment: Assessment | JointInspection) -> list[dict[str, Any]]:
    """The answers below compliant, each with the question's catalogue measures."""
    rows = list(
        assessment.answers.select_related("question")
        if isinstance(assessment, Assessment)
        else assessment.findings.select_related("question")
    )
    inputs = score_rows(rows)
    return [
        {"question": r["question"], "row": r["row"], "measures": r["question"].measures()}
        for r in checklist.shortfalls(inputs, assessment.parameter_set.params)
    ]


def latest(facility: Any, kind: str, submitted_only: bool = True) -> Assessment | None:
    qs = Assessment.objects.filter(facility=facility, kind=kind)
    if submitted_only:
        qs = qs.filter(status=Assessment.Status.SUBMITTED)
    return qs.order_by("-version").first()


def compare(facility: Any) -> dict[str, Any]:
    """The latest operator and authority assessments side by side; rows whose answer or
    credibility differ are flagged (T3)."""
    own = latest(facility, Assessment.Kind.SELF) or latest(facility, "self", submitted_only=False)
    auth = latest(facility, Assessment.Kind.AUTHORITY) or latest(
        facility, "authority", submitted_only=False
    )
    by_q: dict[int, dict[str, Any]] = {}
    questions: dict[int, Question] = {}
    for key, a in (("self", own), ("authority", auth)):
        if a is None:
            continue
        for q in questions_for(a.bank, a.module):
            questions.setdefault(q.pk, q)
        for ans in a.answers.select_related("question"):
            by_q.setdefault(ans.question_id, {})[key] = ans
            questions.setdefault(ans.question_id, ans.question)
    rows = []
    for qid, q in sorted(questions.items(), key=lambda kv: (kv[1].order, kv[0])):
        s = by_q.get(qid, {}).get("self")
        t = by_q.get(qid, {}).get("authority")
        differs = (s.answer if s else "") != (t.answer if t else "") or (
            s.credibility if s else ""
        ) != (t.credibility if t else "")
        rows.append({"question": q, "self": s, "authority": t, "differs": differs})
    return {
        "self": own,
        "authority": auth,
        "rows": rows,
        "differences": sum(1 for r in rows if r["differs"]),
        "self_score": score(own) if own else None,
        "authority_score": score(auth) if auth else None,
    }


# --- priority matrix --------------------------------------------------------------------------


def safety_levels(facility_ids: Iterable[int]) -> dict[int, tuple[Any, Assessment]]:
    """Facility id -> (checklist result, assessment) of its current safety level: the latest
    submitted authority assessment, else the latest submitted self-assessment (operator's
    word). Facilities without a submitted assessment are absent. A fixed number of queries
    for any number of facilities."""
    chosen: dict[int, Assessment] = {}
    submitted = (
        Assessment.objects.filter(
            facility_id__in=list(facility_ids), status=Assessment.Status.SUBMITTED
        )
        .select_related("parameter_set")
        .prefetch_related("answers__question")
        .order_by("facility_id", "-version")
    )
    for a in submitted:
        current = chosen.get(a.facility_id)
        # authority beats self; within a kind the newest version wins (ordered above)
        if current is None or (
            a.kind == Assessment.Kind.AUTHORITY and current.kind != Assessment.Kind.AUTHORITY
        ):
            chosen[a.facility_id] = a
    return {fid: (score(a, a.answers.all()), a) for fid, a in chosen.items()}


def safety_level(facility: Any) -> tuple[Any, Assessment | None]:
    """The current safety level of one facility (see safety_levels)."""
    return safety_levels([facility.pk]).get(facility.pk, (None, None))


def priority_matrix(facilities: QuerySet[Any]) -> dict[str, Any]:
    """Rows THI-max tertile (1 = top third), columns safety-level band; priority 1 = top tertile
    and red. A platform convention (methodology.md, Priority matrix), not a UNECE table."""
    _ranking, ranked = ranking.ranked_rows(facilities)
    levels = safety_levels(row["facility"].pk for row in ranked)
    cells: dict[tuple[int | None, str | None], list[dict[str, Any]]] = {}
    for row in ranked:
        result, a = levels.get(row["facility"].pk, (None, None))
        band = result.band if result else None
        entry = {**row, "result": result, "checklist": a, "band": band}
        cells.setdefault((row["tertile"], band), []).append(entry)
    columns: list[str | None] = [*BANDS, None]
    grid = []
    for t in (1, 2, 3, None):
        grid.append(
            {
                "tertile": t,
                "cells": [
                    {
                        "band": b,
                        "facilities": cells.get((t, b), []),
                        "priority": _priority(t, b),
                    }
                    for b in columns
                ],
            }
        )
    return {"grid": grid, "columns": columns}


def _priority(tertile: int | None, band: str | None) -> int | None:
    """1 (top third and red) ... 9 (bottom third and green); None when either is unknown."""
    if tertile is None or band is None:
        return None
    return (tertile - 1) * 3 + BANDS.index(band) + 1


def matrix_cell(facility: Any, facilities: QuerySet[Any]) -> tuple[int | None, str | None]:
    """(tertile, band) of one facility in the matrix of `facilities` (for tests and pages)."""
    for row in priority_matrix(facilities)["grid"]:
        for cell in row["cells"]:
            if any(e["facility"].pk == facility.pk for e in cell["facilities"]):
                return row["tertile"], cell["band"]
    return None, None


# --- joint inspections (T8) -------------------------------------------------------------------


@transaction.atomic
def plan_inspection(
    user: Any,
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
    user: Any, inspection: JointInspection, question: Question, data: dict[str, Any]
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
    user: Any, inspection: JointInspection, rows: dict[int, dict[str, Any]]
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
def complete_inspection(user: Any, inspection: JointInspection, summary: str) -> JointInspection:
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
