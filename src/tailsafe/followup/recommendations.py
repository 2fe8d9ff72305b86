"""Named operations on recommendations (A2; terms of reference §27: the group recommends
preventive measures to authorities and operators and follows them up).

A checklist shortfall's catalogue measure or a joint inspection's finding becomes a *draft*; the
secretariat puts it to a meeting as a Proposal (kind "recommendation"); when the meeting's
consensus adopts it (§28) and the minutes are approved it is in the register, tracked by the
addressed institutions: status, progress %, dated evidence. A recommendation adopted straight in
the minutes (a proposal of kind "recommendation" with no draft behind it) enters the register when
the minutes are approved. Publishing is its own action (``public.services.set_published``).
Each step asks its predicate in ``followup.rules``; a refused step changes nothing.
Overdue ones surface on the dashboard and are proposed for the next agenda.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, has_perm, require, require_can
from tailsafe.core.uploads import validate_document
from tailsafe.followup import rules
from tailsafe.followup.models import Recommendation, RecommendationUpdate
from tailsafe.governance.models import Institution
from tailsafe.meetings import services as meetings
from tailsafe.meetings.models import AgendaItem, Meeting, Minutes, MinutesItem, Proposal

if TYPE_CHECKING:
    from tailsafe.core.models import User

TERM_YEARS = {"short": 1, "mid": 3, "long": 5}


def default_due(term: str, today: dt.date | None = None) -> dt.date:
    """Short term: 1 year, mid: 3 years, long: 5 years from today (methodology.md)."""
    today = today or timezone.localdate()
    return today + dt.timedelta(days=365 * TERM_YEARS.get(term, 1))


@transaction.atomic
def draft_recommendation(
    user: User,
    *,
    text: str,
    term: str,
    addressee: Any,
    facility: Any = None,
    question: Any = None,
    source_assessment: Any = None,
    source_inspection: Any = None,
    also_addressed: Any = (),
    due_date: dt.date | None = None,
) -> Recommendation:
    """A draft recommendation, usually from a shortfall's catalogue measure (A2) or a joint
    inspection's finding; addressed to one institution or more."""
    require(user, Perm.MANAGE_FOLLOWUP)
    text = (text or "").strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Write the recommendation.")
    if term not in Recommendation.Term.values:
        errors["term"] = _("Choose short, mid or long term.")
    if addressee is None:
        errors["addressee"] = _("Name the institution the recommendation is addressed to.")
    if errors:
        raise ValidationError(errors)
    rec = Recommendation(
        text=text,
        term=term,
        addressee=addressee,
        facility=facility,
        question=question,
        source_assessment=source_assessment,
        source_inspection=source_inspection,
        due_date=due_date or default_due(term),
        created_by=user,
    )
    rec.full_clean()
    save_with_audit(rec, user, "recommendation drafted")
    if also_addressed:
        rec.also_addressed.set(also_addressed)
    return rec


EDITABLE_FIELDS = ("text", "term", "addressee", "facility", "due_date")


@transaction.atomic
def edit_recommendation(
    user: User, rec: Recommendation, data: dict[str, Any], also_addressed: Any = None
) -> list[str]:
    """Correct a recommendation's text, term, addressees, facility and due date (secretariat).
    Only what differs is written; a form saved unchanged writes nothing (no history row).
    Returns the names of the fields changed."""
    require_can(user, "edit", rec, _("Only the secretariat corrects a recommendation."))
    locked = Recommendation.objects.select_for_update().get(pk=rec.pk)
    changed = [k for k in EDITABLE_FIELDS if k in data and getattr(locked, k) != data[k]]
    if "text" in changed and not (data["text"] or "").strip():
        raise ValidationError({"text": _("Write the recommendation.")})
    for key in changed:
        setattr(locked, key, data[key])
    if changed:
        locked.full_clean()
        save_with_audit(locked, user, "recommendation corrected")
    if also_addressed is not None:
        wanted = {i.pk for i in also_addressed}
        if wanted != set(locked.also_addressed.values_list("pk", flat=True)):
            locked.also_addressed.set(wanted)
            changed.append("also_addressed")
    return changed


@transaction.atomic
def put_on_agenda(user: User, rec: Recommendation, meeting: Meeting) -> AgendaItem:
    """Put a draft on a meeting's agenda (an agenda item with its text), so that the minutes of
    that meeting have a section to propose it under. The agenda must still be open."""
    require(user, Perm.MANAGE_FOLLOWUP)
    locked = Recommendation.objects.select_for_update().get(pk=rec.pk)
    if locked.stage != Recommendation.Stage.DRAFT:
        raise ValidationError(_("Only a draft recommendation can be proposed."))
    require_can(user, "propose", locked, _("Only the secretariat proposes a recommendation."))
    title = locked.text if len(locked.text) <= 300 else locked.text[:299] + "…"
    return meetings.add_agenda_item(user, meeting, {"title": title, "notes": locked.text})


@transaction.atomic
def propose(user: User, rec: Recommendation, item: MinutesItem) -> Proposal:
    """Put a draft to a meeting for consensus as a Proposal of kind "recommendation" under a
    section of its draft minutes (§28)."""
    require(user, Perm.MANAGE_FOLLOWUP)
    locked = Recommendation.objects.select_for_update().get(pk=rec.pk)
    if locked.stage != Recommendation.Stage.DRAFT:
        raise ValidationError(_("Only a draft recommendation can be proposed."))
    require_can(user, "propose", locked, _("Only the secretariat proposes a recommendation."))
    proposal = meetings.add_proposal(
        user, item, text=locked.text, kind=Proposal.Kind.RECOMMENDATION
    )
    locked.proposal = proposal
    locked.stage = Recommendation.Stage.PROPOSED
    save_with_audit(locked, user, "recommendation proposed to the meeting")
    rec.proposal, rec.stage = proposal, locked.stage
    return proposal


@transaction.atomic
def record_adoption(user: User, rec: Recommendation) -> Recommendation:
    """Mark a proposed recommendation adopted when the meeting's consensus adopted its proposal
    (at least one supports, none objects; §28). Otherwise a ValidationError says why."""
    require(user, Perm.MANAGE_FOLLOWUP)
    locked = Recommendation.objects.select_for_update().get(pk=rec.pk)
    if locked.stage == Recommendation.Stage.ADOPTED:
        raise ValidationError(_("This recommendation is already adopted."))
    if locked.stage != Recommendation.Stage.PROPOSED or locked.proposal is None:
        raise ValidationError(_("The recommendation has not been proposed to a meeting."))
    require_can(user, "adopt", locked, _("Only the secretariat records an adoption."))
    result = meetings.outcome(locked.proposal)
    if not result.declared:
        raise ValidationError(
            _(
                "No consensus is declared yet: not every institution present has a position "
                "(%(m)s), and the chair has not recorded that the question was put without "
                "objection (§28)."
            )
            % {"m": ", ".join(str(i) for i in Institution.objects.filter(key__in=result.missing))}
        )
    if not result.adopted:
        raise ValidationError(
            _("The meeting has not adopted the proposal by consensus (objections: %(o)s).")
            % {"o": ", ".join(result.objectors) or "—"}
        )
    locked.stage = Recommendation.Stage.ADOPTED
    locked.adopted_at = timezone.now()
    locked.status = Recommendation.Status.NOT_STARTED
    save_with_audit(locked, user, "recommendation adopted by consensus")
    rec.stage, rec.adopted_at, rec.status = locked.stage, locked.adopted_at, locked.status
    return locked


def register_from_minutes(user: User, minutes: Minutes) -> list[Recommendation]:
    """Approved minutes put every recommendation they adopted by consensus in the register
    (§27-28): a proposed draft behind an adopted proposal becomes adopted; an adopted proposal
    of kind "recommendation" with no draft behind it becomes a new adopted recommendation with
    the proposal's text (term, due date and addressees stay empty until the secretariat fills
    them in). A correction's copy of a proposal already in the register adds nothing. Runs in
    the approval's transaction (``meetings.signals.minutes_approved``)."""
    entered: list[Recommendation] = []
    proposals = Proposal.objects.filter(
        item__minutes=minutes, kind=Proposal.Kind.RECOMMENDATION, adopted=True
    ).order_by("pk")
    for proposal in proposals:
        rec = Recommendation.objects.select_for_update().filter(proposal=proposal).first()
        if rec is not None:
            if rec.stage == Recommendation.Stage.PROPOSED:
                rec.stage = Recommendation.Stage.ADOPTED
                rec.adopted_at = timezone.now()
                save_with_audit(rec, user, "recommendation adopted by consensus")
                entered.append(rec)
            continue
        already = Recommendation.objects.filter(
            proposal__item__minutes__meeting_id=minutes.meeting_id, text=proposal.text.strip()
        ).exists()
        if already:
            continue
        rec = Recommendation(
            text=proposal.text.strip(),
            stage=Recommendation.Stage.ADOPTED,
            proposal=proposal,
            adopted_at=timezone.now(),
            created_by=user,
        )
        save_with_audit(rec, user, "recommendation adopted in the minutes")
        entered.append(rec)
    return entered


def can_update(user: User, rec: Recommendation) -> bool:
    """The secretariat, or a user of the addressed institution (followup.rules)."""
    return rules.can_update_recommendation(user, rec)


@transaction.atomic
def update_status(
    user: User,
    rec: Recommendation,
    *,
    status: str,
    progress: Any,
    text: str,
    date: dt.date | None = None,
    evidence: UploadedFile[bytes] | None = None,
) -> RecommendationUpdate:
    """The addressed institution reports status, progress % and dated evidence (A2)."""
    if not has_perm(user, Perm.UPDATE_ACTION_ITEM) and not has_perm(user, Perm.MANAGE_FOLLOWUP):
        raise PermissionDenied(Perm.UPDATE_ACTION_ITEM.value)
    if rec.stage != Recommendation.Stage.ADOPTED:
        raise ValidationError(_("Only an adopted recommendation is followed up."))
    if not can_update(user, rec):
        raise PermissionDenied(
            _("Only the addressed institution and the secretariat update this recommendation.")
        )
    errors: dict[str, Any] = {}
    if status not in Recommendation.Status.values:
        errors["status"] = _("Choose a status from the list.")
    try:
        pct = int(str(progress).strip())
    except (TypeError, ValueError):
        pct = -1
    if not 0 <= pct <= 100:
        errors["progress"] = _("Progress is a whole number from 0 to 100.")
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Describe what was done.")
    date = date or timezone.localdate()
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    if evidence:
        try:
            validate_document(evidence)
        except ValidationError as exc:
            errors["evidence"] = exc.messages
    if errors:
        raise ValidationError(errors)
    if status == Recommendation.Status.IMPLEMENTED:
        pct = 100
    update = RecommendationUpdate(
        recommendation=rec,
        date=date,
        status=status,
        progress=pct,
        text=text,
        evidence=evidence or "",
        by=user,
    )
    save_with_audit(update, user, "recommendation update")
    locked = Recommendation.objects.select_for_update().get(pk=rec.pk)
    locked.status, locked.progress = status, pct
    save_with_audit(locked, user, "status from recommendation update")
    return update


def overdue(today: dt.date | None = None) -> QuerySet[Recommendation]:
    """Adopted recommendations not implemented nor refused, past their due date (A2)."""
    return Recommendation.objects.filter(
        stage=Recommendation.Stage.ADOPTED,
        status__in=Recommendation.ACTIVE,
        due_date__lt=today or timezone.localdate(),
    ).select_related("addressee", "facility")


@transaction.atomic
def add_overdue_to_agenda(user: User, meeting: Meeting) -> AgendaItem:
    """Propose the overdue recommendations for the next agenda: one agenda item listing them."""
    items = list(overdue())
    if not items:
        raise ValidationError(_("There are no overdue recommendations."))
    lines = "\n".join(
        f"- {r.text[:120]} ({'; '.join(str(i) for i in r.addressees()) or '—'}, {r.due_date})"
        for r in items
    )
    return meetings.add_agenda_item(
        user,
        meeting,
        {
            "title": _("Review of overdue recommendations"),
            "notes": lines,
            "duration_min": 10 + 5 * len(items),
        },
    )


def timeline(rec: Recommendation) -> list[dict[str, Any]]:
    """Drafted, proposed, adopted and every dated update, oldest first."""
    events: list[dict[str, Any]] = [{"date": rec.created_at.date(), "what": _("drafted")}]
    if rec.proposal is not None:
        events.append({"date": rec.proposal.created_at.date(), "what": _("proposed to a meeting")})
    if rec.adopted_at:
        events.append({"date": rec.adopted_at.date(), "what": _("adopted by consensus")})
    for u in rec.updates.order_by("date", "id"):
        events.append(
            {
                "date": u.date,
                "what": f"{u.get_status_display()} · {u.progress}%",
                "update": u,
            }
        )
    return events
