"""Read-side helpers of meetings: counts, lists of participants, diffs of minutes."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.governance.models import Institution
from tailsafe.meetings import lifecycle
from tailsafe.meetings.models import (
    Attendance,
    Meeting,
    Minutes,
)


@dataclass(frozen=True)
class YearCount:
    """Meetings of a year that count toward "at least twice a year" (§25)."""

    held: int
    ahead: int

    @property
    def total(self) -> int:
        return self.held + self.ahead


def year_count(year: int, now: dt.datetime | None = None) -> YearCount:
    """Meetings held in `year` and meetings of `year` still ahead (planned, convened or
    postponed with a date to come); past meetings that were not held, and cancelled ones,
    never count (§25, meetings/lifecycle.py)."""
    now = now or timezone.now()
    held = ahead = 0
    for status, starts_at in Meeting.objects.filter(starts_at__year=year).values_list(
        "status", "starts_at"
    ):
        if not lifecycle.counts_for_the_year(status, starts_at, now):
            continue
        if status in (lifecycle.HELD, lifecycle.MINUTES_APPROVED):
            held += 1
        else:
            ahead += 1
    return YearCount(held=held, ahead=ahead)


def meetings_in_year(year: int) -> int:
    """Meetings of `year` held or still ahead: §25 asks for two."""
    return year_count(year).total


def participants(meeting: Meeting) -> list[Attendance]:
    """The list of participants (§24): those present, members first, guests marked."""
    return list(
        meeting.attendance.filter(present=True)
        .select_related("institution")
        .order_by("is_guest", "institution__name_ru", "name")
    )


def present_institutions(meeting: Meeting) -> list[Institution]:
    """Institutions with a member present: the ones whose positions count (§28)."""
    ids = meeting.attendance.filter(present=True, is_guest=False, institution__isnull=False)
    return list(Institution.objects.filter(pk__in=ids.values("institution_id")).order_by("name_ru"))


def diff_lines(minutes: Minutes) -> list[tuple[str, str]]:
    """The visible difference between a corrected version and the one it corrects: (op, line)
    with op "+" added, "-" removed, " " unchanged."""
    if minutes.previous is None:
        return []
    before = minutes.previous.as_text().splitlines()
    after = minutes.as_text().splitlines()
    rows = []
    for line in difflib.ndiff(before, after):
        op, text = line[:1], line[2:]
        if op in "+- ":
            rows.append((op, text))
    return rows


def diff_html(minutes: Minutes) -> str:
    """The same difference as an HTML table (difflib), for pages and papers."""
    if minutes.previous is None:
        return ""
    return difflib.HtmlDiff(wrapcolumn=70).make_table(
        minutes.previous.as_text().splitlines(),
        minutes.as_text().splitlines(),
        fromdesc=_("version %(v)s") % {"v": minutes.previous.version},
        todesc=_("version %(v)s") % {"v": minutes.version},
        context=True,
    )


def approved_minutes(meeting: Meeting) -> Minutes | None:
    """The latest approved version of a meeting's minutes (what the public may read)."""
    return (
        meeting.minutes_versions.filter(status=Minutes.Status.APPROVED)
        .order_by("-version", "-id")
        .first()
    )
