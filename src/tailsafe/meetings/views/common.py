"""Helpers shared by the meetings views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from tailsafe.core import versioned

if TYPE_CHECKING:
    from tailsafe.meetings.models import AgendaItem, Meeting

TABS = ("agenda", "invitations", "attendance", "minutes", "papers", "history")

AGENDA_ACTIONS_VERSION = "meetings.agenda_actions"
"""The version (core.versioned) of the action items the agenda list shows under each item: added
to by every save or delete of an action item and every change of its agenda items or
responsible institutions (MeetingsConfig.ready)."""


def agenda_with_actions(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda items with their documents, each with ``actions_html``: its action
    items as the agenda list shows them. That HTML is cached per meeting, language and day
    (overdue is derived from the date) until an action item changes (issue 20)."""
    agenda = list(meeting.agenda_items.prefetch_related("documents"))
    html = versioned.cached(
        "meetings.agenda_actions",
        (meeting.pk, get_language(), timezone.localdate().isoformat()),
        [AGENDA_ACTIONS_VERSION],
        lambda: _action_lists(meeting),
    )
    for item in agenda:
        item.actions_html = html.get(item.pk, "")  # type: ignore[attr-defined]
    return agenda


def _action_lists(meeting: Meeting) -> dict[int, str]:
    return {
        item.pk: render_to_string("meetings/_agenda_actions.html", {"actions": actions})
        for item in meeting.agenda_items.prefetch_related("action_items")
        if (actions := list(item.action_items.all()))
    }


def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """A 403 page that says why (object-level rules: leading co-chair, own institution)."""
    return render(request, "meetings/refused.html", {"message": str(exc)}, status=403)
