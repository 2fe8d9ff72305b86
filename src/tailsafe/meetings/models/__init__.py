"""Meetings (M1), agenda (M2), invitations and attendance (M3), minutes in versions (M4) and
consensus proposals with each institution's position (M5). Terms of reference §20, §24-25, §28."""

from tailsafe.meetings.models.attendance import Attendance, Invitation
from tailsafe.meetings.models.meetings import (
    STEP_LABELS,
    AgendaDocument,
    AgendaItem,
    Meeting,
    document_path,
)
from tailsafe.meetings.models.minutes import Minutes, MinutesComment, MinutesItem
from tailsafe.meetings.models.positions import Position, Proposal

__all__ = [
    "STEP_LABELS",
    "AgendaDocument",
    "AgendaItem",
    "Attendance",
    "Invitation",
    "Meeting",
    "Minutes",
    "MinutesComment",
    "MinutesItem",
    "Position",
    "Proposal",
    "document_path",
]
