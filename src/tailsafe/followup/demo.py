"""Reference and demo data of this area; idempotent.

Demo only: recommendations at every stage of their way (issue 15, item 3), made through the
services as the secretariat and the co-chair would: a draft; one proposed to a held meeting
whose minutes are still a draft, with consensus recorded (the secretariat records the
adoption); and, from an earlier meeting whose minutes the leading co-chair approved, one
adopted and in progress with a report, one published, and one adopted straight in the minutes
(term, due date and addressee left for the secretariat to fill in)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from tailsafe.core.audit import save_with_audit
from tailsafe.followup import recommendations as recs
from tailsafe.followup.models import Recommendation
from tailsafe.governance.models import Institution
from tailsafe.meetings import services as meetings
from tailsafe.meetings.models import Meeting, MinutesItem, Proposal

if TYPE_CHECKING:
    from tailsafe.core.models import User

APPROVED_TITLE = "Демо: прошедшее заседание (протокол утверждён)"
HELD_TITLE = "Демо: прошедшее заседание (протокол в работе)"
DRAFT_TEXT = "Демо: установить пьезометры на низовом откосе дамбы"
PROPOSED_TEXT = "Демо: провести совместную учебную тревогу с населением ниже по течению"
ADOPTED_TEXT = "Демо: обновить план ликвидации аварий хвостохранилища"
PUBLISHED_TEXT = "Демо: оградить и обозначить знаками санитарно-защитную зону"
MINUTES_TEXT = "Демо: подготовить обзор финансирования рекультивации"


def _held_meeting(user: User, title: str, days_ago: int) -> MinutesItem:
    """A meeting held ``days_ago`` with one agenda item, every current member present and the
    minutes started; returns the minutes section."""
    meeting = Meeting.objects.filter(title=title).first()
    if meeting is None:
        start = (timezone.localtime() - dt.timedelta(days=days_ago)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        meeting = meetings.plan_meeting(
            user,
            {
                "title": title,
                "starts_at": start,
                "ends_at": start + dt.timedelta(hours=3),
                "place": "Душанбе (демо)",
            },
        )
        meetings.add_agenda_item(user, meeting, {"title": "Демо: рекомендации группы"})
        meeting = meetings.set_status(user, meeting, Meeting.Status.CONVENED)
        meeting = meetings.set_status(user, meeting, Meeting.Status.HELD)
        members = [
            row["key"]
            for row in meetings.attendance_candidates(meeting)
            if not row["invitee"].is_guest
        ]
        meetings.record_attendance(user, meeting, members)
    return meetings.start_minutes(user, meeting).items.order_by("order").first()  # type: ignore[return-value]


def _consensus(user: User, proposal: Proposal) -> None:
    for institution in meetings.present_institutions(proposal.item.minutes.meeting):
        meetings.record_position(user, proposal, institution, "support")


@transaction.atomic
def load_demo_recommendations(users: dict[str, Any]) -> None:
    secretariat, co_chair = users.get("secretariat"), users.get("co_chair")
    operator = users.get("operator")
    if secretariat is None or co_chair is None or Recommendation.objects.exists():
        return
    addressee = getattr(operator, "institution", None) or Institution.objects.order_by("pk").first()
    other = Institution.objects.exclude(pk=getattr(addressee, "pk", None)).order_by("pk").first()

    def draft(text: str, term: str = "short") -> Recommendation:
        return recs.draft_recommendation(
            secretariat,
            text=text,
            term=term,
            addressee=addressee,
            also_addressed=[other] if other else [],
        )

    draft(DRAFT_TEXT, "mid")

    # An earlier meeting: minutes approved by the leading co-chair -> the register.
    item = _held_meeting(secretariat, APPROVED_TITLE, 60)
    adopted, published = draft(ADOPTED_TEXT), draft(PUBLISHED_TEXT)
    for rec in (adopted, published):
        _consensus(secretariat, recs.propose(secretariat, rec, item))
    in_minutes = meetings.add_proposal(
        secretariat, item, text=MINUTES_TEXT, kind=Proposal.Kind.RECOMMENDATION
    )
    _consensus(secretariat, in_minutes)
    meetings.circulate_minutes(secretariat, item.minutes)
    meetings.approve_minutes(co_chair, item.minutes)
    adopted.refresh_from_db()
    published.refresh_from_db()
    recs.update_status(
        secretariat,
        adopted,
        status=Recommendation.Status.IN_PROGRESS,
        progress=40,
        text="Демо: проект плана направлен на согласование",
    )
    recs.update_status(
        secretariat,
        published,
        status=Recommendation.Status.IMPLEMENTED,
        progress=100,
        text="Демо: ограждение установлено",
    )
    # As the secretariat's switch on the public page does (public.services.set_published,
    # a layer above this one).
    published.refresh_from_db()
    published.published = True
    save_with_audit(published, secretariat, "published on the public page")

    # A later meeting, minutes still a draft: proposed, consensus recorded, adoption pending.
    later = _held_meeting(secretariat, HELD_TITLE, 10)
    proposed = draft(PROPOSED_TEXT, "long")
    _consensus(secretariat, recs.propose(secretariat, proposed, later))


def load(users: dict[str, Any] | None) -> None:
    """Load reference data (always) and demo data (when users is not None)."""
    if users is not None:
        load_demo_recommendations(users)
