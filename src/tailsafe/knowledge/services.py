"""Named write operations for the knowledge base (K1-K5) and commissioned work (A3). Each checks
permission, applies the rule, records the audit entry and runs in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_if_changed, save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.core.uploads import validate_document
from tailsafe.knowledge.models import (
    ActionMeasure,
    CommissionedWork,
    EprRecommendation,
    LegalAct,
    Lesson,
    Practice,
    SelfAssessment,
    SelfAssessmentAnswer,
)
from tailsafe.meetings import services as meetings
from tailsafe.methodology import services as methodology

if TYPE_CHECKING:
    from tailsafe.core.models import User

# Files the group accepts as terms of reference or reports of commissioned work.
WORK_FILE_KINDS = ("pdf",)

RECORD_MODELS: tuple[type[models.Model], ...] = (
    LegalAct,
    Practice,
    Lesson,
    EprRecommendation,
    ActionMeasure,
)


# --- K1-K4 registers ---------------------------------------------------------------------------


@transaction.atomic
def save_record(
    user: User, model: type[models.Model], data: dict[str, Any], obj: models.Model | None = None
) -> models.Model:
    """Create or change a register record (legal act, practice, lesson, EPR recommendation or
    action plan measure; §13, §26-27). Many-to-many values are set after the save."""
    require(user, Perm.MANAGE_KNOWLEDGE)
    if model not in RECORD_MODELS:
        raise ValueError(model)
    record = obj if obj is not None else model()
    was_failure = isinstance(record, Lesson) and record.kind == Lesson.Kind.FAILURE
    m2m = {}
    for key, value in data.items():
        field = model._meta.get_field(key)
        if field.many_to_many:
            m2m[key] = value
        else:
            setattr(record, key, value)
    if isinstance(record, Lesson) and record.date_text and not record.year:
        record.year = _year_of(record.date_text)
    record.full_clean(exclude=["key"])
    save_if_changed(record, user, "record saved" if obj is not None else "record added")
    for key, value in m2m.items():
        if {o.pk for o in value} != set(getattr(record, key).values_list("pk", flat=True)):
            getattr(record, key).set(value)
    if isinstance(record, Lesson) and (was_failure or record.kind == Lesson.Kind.FAILURE):
        refit_runout_from_register(user)
    return record


def refit_runout_from_register(user: User) -> Any:
    """Refit the run-out regression with the failures the group added to the register (issue
    17, item 6): lessons of kind "failure" that were not seeded from the shipped failure table
    (those have a ``key``; the table is already in the reference fit), not archived, with a
    released volume and a run-out. A new fit version is stored only when that set changed."""
    added = Lesson.objects.filter(
        kind=Lesson.Kind.FAILURE,
        key__isnull=True,
        archived_at__isnull=True,
        released_volume_mm3__gt=0,
        runout_km__gt=0,
    ).order_by("pk")
    return methodology.refit_runout(
        user,
        [
            {
                "id": lesson.pk,
                "name": lesson.name,
                "released_volume_Mm3": lesson.released_volume_mm3,
                "runout_km": lesson.runout_km,
            }
            for lesson in added
        ],
    )


def _year_of(text: str) -> int | None:
    head = text.strip()[:4]
    return int(head) if head.isdigit() else None


@transaction.atomic
def archive_record(user: User, record: models.Model) -> models.Model:
    require(user, Perm.MANAGE_KNOWLEDGE)
    if not hasattr(record, "mark_archived"):
        raise ValidationError(_("This record cannot be archived."))
    record.mark_archived()
    save_with_audit(record, user, "archived")
    if isinstance(record, Lesson) and record.kind == Lesson.Kind.FAILURE:
        refit_runout_from_register(user)
    return record


# --- K5 self-assessments -----------------------------------------------------------------------


@transaction.atomic
def record_self_assessment(
    user: User,
    *,
    title: str,
    assessed_on: dt.date,
    answers: Sequence[tuple[str, str]],
    notes: str = "",
    measures: Iterable[ActionMeasure] = (),
) -> SelfAssessment:
    """A dated self-assessment under the Industrial Accidents Convention, with its questions and
    answers and the action plan measures it links to (§13, K5)."""
    require(user, Perm.MANAGE_KNOWLEDGE)
    pairs = [(q.strip(), a.strip()) for q, a in answers if q.strip()]
    if not pairs:
        raise ValidationError({"answers": _("Enter at least one question.")})
    if len({q for q, _a in pairs}) != len(pairs):
        raise ValidationError({"answers": _("A question appears twice.")})
    assessment = SelfAssessment(title=title, assessed_on=assessed_on, notes=notes)
    assessment.full_clean()
    save_with_audit(assessment, user, "self-assessment recorded")
    for order, (question, answer) in enumerate(pairs, start=1):
        save_with_audit(
            SelfAssessmentAnswer(
                assessment=assessment, order=order, question=question, answer=answer
            ),
            user,
            "answer",
        )
    assessment.measures.set(list(measures))
    return assessment


@dataclass(frozen=True)
class ComparedAnswer:
    question: str
    before: str | None
    after: str | None

    @property
    def changed(self) -> bool:
        return (self.before or "") != (self.after or "")


def compare_assessments(older: SelfAssessment, newer: SelfAssessment) -> list[ComparedAnswer]:
    """Answers of two self-assessments side by side, by question (K5: versions over time)."""
    before = {a.question: a.answer for a in older.answers.all()}
    after = {a.question: a.answer for a in newer.answers.all()}
    questions = list(after) + [q for q in before if q not in after]
    return [ComparedAnswer(q, before.get(q), after.get(q)) for q in questions]


# --- A3 commissioned work ----------------------------------------------------------------------

WORK_FIELDS = (
    "kind",
    "title",
    "description",
    "decision",
    "decision_minutes",
    "contractor",
    "institution",
    "due_date",
    "report_to",
)


def _put_on_agenda(user: User, work: CommissionedWork) -> None:
    """Put the work on the agenda of the meeting it reports to (once per meeting)."""
    meeting = work.report_to
    if meeting is None:
        return
    if work.agenda_item is not None and work.agenda_item.meeting_id == meeting.pk:
        return
    presenter = work.contractor or (str(work.institution) if work.institution else "")
    try:
        item = meetings.add_agenda_item(
            user,
            meeting,
            {
                "title": _("Report on commissioned work: %(title)s") % {"title": work},
                "presenter": presenter[:200],
                "notes": work.description,
            },
        )
    except ValidationError as exc:
        raise ValidationError(
            {
                "report_to": _("The work cannot be put on the agenda of this meeting: %(why)s")
                % {"why": " ".join(exc.messages)}
            }
        ) from exc
    work.agenda_item = item


@transaction.atomic
def commission_work(
    user: User, data: dict[str, Any], *, tor_file: UploadedFile[bytes] | None = None
) -> CommissionedWork:
    """Record work the group commissioned (A3, §26-27); it appears on the agenda of the meeting
    it must report to."""
    require(user, Perm.MANAGE_FOLLOWUP)
    if tor_file is not None:
        validate_document(tor_file, WORK_FILE_KINDS)
    work = CommissionedWork(**{k: v for k, v in data.items() if k in WORK_FIELDS})
    if not work.contractor.strip() and work.institution is None:
        raise ValidationError(
            {"contractor": _("Name the contractor or the responsible institution.")}
        )
    work.full_clean()
    save_with_audit(work, user, "work commissioned")
    if tor_file is not None:
        work.tor_file.save(tor_file.name or "tor.pdf", tor_file, save=False)
    _put_on_agenda(user, work)
    save_with_audit(work, user, "terms of reference and agenda")
    return work


@transaction.atomic
def update_work(user: User, work: CommissionedWork, data: dict[str, Any]) -> CommissionedWork:
    """Change commissioned work; a new target meeting puts it on that meeting's agenda."""
    require(user, Perm.MANAGE_FOLLOWUP)
    locked: CommissionedWork = CommissionedWork.objects.select_for_update().get(pk=work.pk)
    if locked.status == CommissionedWork.Status.ACCEPTED:
        raise ValidationError(_("Accepted work can no longer change."))
    for key in WORK_FIELDS:
        if key in data:
            setattr(locked, key, data[key])
    locked.full_clean()
    _put_on_agenda(user, locked)
    save_with_audit(locked, user, "work updated")
    return locked


@transaction.atomic
def submit_report(
    user: User, work: CommissionedWork, upload: UploadedFile[bytes]
) -> CommissionedWork:
    """Attach the report of commissioned work (a PDF checked by its content); a file of another
    type is refused and nothing changes."""
    require(user, Perm.MANAGE_FOLLOWUP)
    validate_document(upload, WORK_FILE_KINDS)
    locked: CommissionedWork = CommissionedWork.objects.select_for_update().get(pk=work.pk)
    if not locked.is_open:
        raise ValidationError(_("The report was accepted by the group; it can no longer change."))
    locked.report_file.save(upload.name or "report.pdf", upload, save=False)
    locked.status = CommissionedWork.Status.REPORTED
    save_with_audit(locked, user, "report received")
    return locked


@transaction.atomic
def accept_work(user: User, work: CommissionedWork, note: str = "") -> CommissionedWork:
    """Record that the group accepted the report (A3; the decision is the group's, the
    secretariat records it)."""
    require(user, Perm.MANAGE_FOLLOWUP)
    locked: CommissionedWork = CommissionedWork.objects.select_for_update().get(pk=work.pk)
    if not locked.can_be_accepted:
        raise ValidationError(
            _("The report has not been received yet.")
            if locked.is_open
            else _("This work was already accepted.")
        )
    locked.status = CommissionedWork.Status.ACCEPTED
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.acceptance_note = note
    save_with_audit(locked, user, "accepted")
    return locked


def works_for_meeting(meeting: Any) -> list[CommissionedWork]:
    """Read-only: commissioned work that reports to `meeting`."""
    return list(CommissionedWork.active.filter(report_to=meeting))
