"""The calendar of a meeting (requirements M1; terms of reference §24-25). Pure: no Django.

    planned -> convened -> held -> minutes approved
    planned | convened -> postponed -> planned | convened      (a new date is set)
    planned | convened | postponed -> cancelled

* A meeting is *held* only once it has started: never before its date and time.
* *Minutes approved* follows only from the approval of the minutes by the leading co-chair
  (§22), never from a button.
* *Cancelled* and *minutes approved* are final.
"""

import datetime as dt
from typing import Final

PLANNED: Final = "planned"
CONVENED: Final = "convened"
HELD: Final = "held"
MINUTES_APPROVED: Final = "minutes_approved"
POSTPONED: Final = "postponed"
CANCELLED: Final = "cancelled"

STEPS: Final[dict[str, tuple[str, ...]]] = {
    PLANNED: (CONVENED, HELD, POSTPONED, CANCELLED),
    CONVENED: (HELD, POSTPONED, CANCELLED),
    POSTPONED: (PLANNED, CONVENED, CANCELLED),
    HELD: (),
    MINUTES_APPROVED: (),
    CANCELLED: (),
}
"""Every change a meeting in a status may take, whatever the time."""

NEEDS_REASON: Final = (POSTPONED, CANCELLED)
"""Postponing or cancelling is explained to the invitees: a reason is required."""

CHANGES_SENT: Final = (CONVENED, POSTPONED)
"""Statuses in which the invitees hold the meeting in their calendars: a change of date, time or
place is sent to them as an update."""


def sends_change(status: str, starts_at: dt.datetime, now: dt.datetime) -> bool:
    """A change of date, time or place goes to the invitees while they hold the meeting in
    their calendars (CHANGES_SENT) and it still lies ahead: moving the start into the past
    records when a meeting took place (before marking it held), and nobody needs a calendar
    update for a past day."""
    return status in CHANGES_SENT and starts_at > now


def may_hold(starts_at: dt.datetime, now: dt.datetime) -> bool:
    """A meeting is held only once it has started (M1)."""
    return now >= starts_at


def allowed_steps(status: str, starts_at: dt.datetime, now: dt.datetime) -> list[str]:
    """The changes a meeting may take at `now`: STEPS, less "held" before the start."""
    return [s for s in STEPS.get(status, ()) if s != HELD or may_hold(starts_at, now)]


def counts_for_the_year(status: str, starts_at: dt.datetime, now: dt.datetime) -> bool:
    """Does this meeting count toward "at least twice a year" (§25)? Held meetings do, and
    meetings still ahead (planned, convened, postponed with a date to come); past meetings that
    were not held and cancelled meetings never do."""
    if status in (HELD, MINUTES_APPROVED):
        return True
    if status == CANCELLED:
        return False
    return starts_at >= now
