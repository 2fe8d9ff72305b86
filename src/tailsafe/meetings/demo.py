"""Reference and demo data of this area; idempotent.

Demo only: one meeting a month ahead, convened, with a draft agenda and every current member and
the demo guest invited, so that each role has a meeting to work on after `make run` (the
secretariat prepares it, members and the guest reply, the co-chair chairs it). Made through the
services, as a secretariat officer would, so it is in a state the pages allow."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from tailsafe.core.audit import save_with_audit
from tailsafe.meetings.models import Invitation, Meeting
from tailsafe.meetings.services import (
    add_agenda_item,
    plan_meeting,
    possible_invitees,
    set_status,
)

DEMO_TITLE = "Демо: очередное заседание рабочей группы"
DEMO_AGENDA = (
    ("Демо: ход выполнения плана действий", 30),
    ("Демо: результаты мониторинга за квартал", 45),
    ("Демо: рейтинг опасности хвостохранилищ", 30),
)


@transaction.atomic
def load_demo_meeting(users: dict[str, Any]) -> Meeting | None:
    """The demo meeting, once (found by its title)."""
    secretariat = users.get("secretariat")
    if secretariat is None:
        return None
    existing = Meeting.objects.filter(title=DEMO_TITLE).first()
    if existing is not None:
        return existing
    start = (timezone.localtime() + timedelta(days=30)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    meeting = plan_meeting(
        secretariat,
        {
            "title": DEMO_TITLE,
            "starts_at": start,
            "ends_at": start + timedelta(hours=3),
            "place": "Душанбе (демо)",
        },
    )
    for title, minutes in DEMO_AGENDA:
        add_agenda_item(secretariat, meeting, {"title": title, "duration_min": minutes})
    meeting = set_status(secretariat, meeting, Meeting.Status.CONVENED)
    # The invitations are recorded as sent, without e-mail: a demo load must not depend on a
    # mail server (invite() mails each invitee; `make run` has none).
    for invitee in possible_invitees():
        if not invitee.email:
            continue
        invitation = Invitation(
            meeting=meeting,
            person=invitee.person,
            guest=invitee.guest,
            institution=invitee.institution,
            name=invitee.name,
            email=invitee.email,
            token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
        )
        save_with_audit(invitation, secretariat, "invited")
    return meeting


def load(users: dict[str, Any] | None) -> None:
    """Load reference data (always) and demo data (when users is not None)."""
    if users is not None:
        load_demo_meeting(users)
