"""Marking text whose language is not the page's (WCAG 3.1.2): a Russian-only name on a Tajik
page, a Tajik quote on an English page. Screen readers switch voice on ``lang``.

    {% load lang %}
    {% localized institution "name" %}      name in the page language, or the fallback, marked
    {{ person.full_name|mark_lang }}         language guessed from the letters, marked if other
    {{ value|in_lang:"ru" }}                 known language, marked if other than the page's
    {{ facility.commodity|commodity }}       commodity words translated, the rest marked "en"
    {{ row.message|text_in:batch.language }} a stored text in the page language; an older
                                             row frozen as plain text marked with its language
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from tailsafe.core.i18n import localized_with_language, text_language
from tailsafe.core.stored_text import is_stored_text, render_html
from tailsafe.core.vocabulary import commodity_parts

register = template.Library()


def _page_language() -> str:
    return (get_language() or "ru")[:2]


def wrap(value: Any, language: str) -> SafeString:
    """``value`` escaped, inside ``<span lang>`` when ``language`` is not the page's."""
    if value is None or value == "":
        return mark_safe("")
    if not language or language == _page_language():
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', language, value)


@register.simple_tag
def localized(obj: Any, field: str) -> SafeString:
    value, language = localized_with_language(obj, field)
    return wrap(value, language)


@register.filter
def mark_lang(value: Any) -> SafeString:
    if value is None:
        return mark_safe("")
    return wrap(value, text_language(str(value)))


@register.filter
def in_lang(value: Any, language: str) -> SafeString:
    return wrap(value, language)


@register.filter
def commodity(value: Any) -> SafeString:
    pieces = []
    for piece, translated in commodity_parts(str(value or "")):
        if translated or not any(ch.isalpha() for ch in piece):
            pieces.append(conditional_escape(piece))
        else:
            pieces.append(wrap(piece, "en"))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped above)


@register.filter
def text_in(value: Any, language: str = "") -> SafeString:
    """Text the system wrote: a stored text (message key with parameters) rendered in the
    page's language; a plain str (a row written before texts were stored with their key) as it
    was written, marked with ``language`` (the writer's) or the language its letters show."""
    if is_stored_text(value):
        return render_html(value)
    if value is None:
        return mark_safe("")
    return wrap(value, language or text_language(str(value)))
