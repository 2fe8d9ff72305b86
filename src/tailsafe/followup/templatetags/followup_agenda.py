"""What follow-up proposes for a meeting's agenda, read by the meeting page's template: meetings
sits below followup and does not import it (the layers contract in .importlinter)."""

from __future__ import annotations

from typing import Any

from django import template

from tailsafe.followup import services

register = template.Library()


@register.simple_tag
def proposed_for_agenda(meeting: Any) -> list[Any]:
    """Open and overdue action items from other meetings, not yet on this agenda (M2)."""
    return services.open_items_for_agenda(meeting)
