"""The calendar file of a meeting (RFC 5545), attached to each invitation (M3)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from tailsafe.meetings.models import Invitation, Meeting

ICS_NAME = "meeting.ics"
ICS_TYPE = "text/calendar; method=REQUEST"


def ics_type(method: str) -> str:
    return f"text/calendar; method={method}"


def organizer() -> vCalAddress:
    """The organiser of every meeting's calendar entry: the group's secretariat mailbox (§24:
    the secretariat prepares the meetings). RFC 5546 requires it for REQUEST and CANCEL."""
    address = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    address.params["cn"] = vText(_("IIWG Secretariat"))
    return address


def build_ics(
    meeting: Meeting, invitation: Invitation | None = None, *, method: str = "REQUEST"
) -> bytes:
    """The calendar file of the meeting (RFC 5545/5546), attached to each invitation and to
    each update. Every file of one meeting has the same UID; SEQUENCE is the meeting's
    `ics_sequence`, raised by each change sent, so calendars replace the old entry. `method`
    is REQUEST (invitation or update) or CANCEL (the meeting is cancelled)."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"Unknown iTIP method {method!r}")
    cal = Calendar()
    cal.add("prodid", "-//TailSafe IIWG//meetings//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@tailsafe")
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.end)
    event.add("summary", f"{_('IIWG meeting')} №{meeting.number}: {meeting.title}")
    event.add("organizer", organizer(), encode=False)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    location = ", ".join(x for x in (meeting.place, meeting.online_link) if x)
    if location:
        event.add("location", location)
    if meeting.online_link:
        event.add("url", meeting.online_link)
    agenda = "\n".join(
        f"{i.order}. {i.title}" for i in meeting.agenda_items.all() if not i.is_withdrawn
    )
    if agenda:
        event.add("description", agenda)
    if invitation is not None:
        attendee = vCalAddress(f"mailto:{invitation.email}")
        attendee.params["cn"] = vText(invitation.name)
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    return bytes(cal.to_ical())
