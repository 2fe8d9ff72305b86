"""Checklist self-assessments: start, answer, evidence, submit, score, compare (T4)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.uploads import validate_document
from tailsafe.inspections.models import (
    Answer,
    Assessment,
    Evidence,
    JointInspection,
)
from tailsafe.inspections.services.access import can_fill, check_view
from tailsafe.inspections.services.base import ANSWERS, CREDIBILITIES, EVIDENCE_KINDS, MODULES
from tailsafe.methodology import checklist
from tailsafe.methodology import services as methodology
from tailsafe.methodology.models import Question, QuestionBank
from tailsafe.methodology.question_bank import active_bank

if TYPE_CHECKING:
    from tailsafe.core.models import User

# --- assessments ------------------------------------------------------------------------------


def questions_for(bank: QuestionBank, module: str) -> list[Question]:
    """The bank's questions that apply to `module`, in bank order."""
    return [q for q in bank.questions.all() if module in (q.modules or [])]


@transaction.atomic
def start_assessment(user: User, facility: Any, kind: str, module: str) -> Assessment:
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


def _check_editable(user: User, assessment: Assessment) -> None:
    check_view(user, assessment)
    if not can_fill(user, assessment.kind, assessment.facility):
        raise PermissionDenied(_("You cannot fill this assessment."))
    if not assessment.is_draft:
        raise ValidationError(
            _("This assessment was submitted and is frozen; start a new version to change it.")
        )


@transaction.atomic
def save_answer(
    user: User, assessment: Assessment, question: Question, data: dict[str, Any]
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
def add_evidence(user: User, assessment: Assessment, question: Question, upload: Any) -> Evidence:
    """Attach a document or photo to an answer (PDF/PNG/JPEG/TIFF, size-limited)."""
    _check_editable(user, assessment)
    validate_document(upload, EVIDENCE_KINDS)
    row, _created = Answer.objects.get_or_create(assessment=assessment, question=question)
    return Evidence.objects.create(answer=row, file=upload, uploaded_by=user)


@transaction.atomic
def submit_assessment(user: User, assessment: Assessment) -> Assessment:
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
