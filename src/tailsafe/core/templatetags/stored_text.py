"""``{{ value|render_text }}``: a stored text (see core.stored_text) in the page's language."""

from __future__ import annotations

from typing import Any

from django import template

from tailsafe.core.stored_text import render

register = template.Library()


@register.filter
def render_text(value: Any) -> str:
    return render(value)
