from typing import Any

from django import template

from tailsafe.notifications.services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: Any) -> int:
    request = context.get("request")
    return unread_count(getattr(request, "user", None))
