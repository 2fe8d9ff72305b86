"""Text the system writes, stored as a message key with parameters, shown in the reader's language.

A notification, an alert headline, an import report line, a history note or a verdict is not
frozen in the language of whoever caused it. It is stored as JSON::

    {"key": "Level %(level)s at %(point)s", "params": {"level": {...}, "point": "TB-01"}}

and rendered with the reader's language active. Mark the key for the catalogues where it is
written, with ``gettext_noop``::

    from django.utils.translation import gettext_noop as N_
    from tailsafe.core.stored_text import text

    alert.headline = text(N_("Level %(level)s at %(point)s"),
                          level=text(N_("alarm")), point=point.code)

A parameter is a plain value (str, int, float, Decimal, None: shown as it is, numbers in the
reader's number format; a date: in the reader's date format), a record's name in its languages
(``name_of(parameter)``: shown in the reader's, with the usual fallbacks), another stored text
(rendered in the same language), or a list of either (joined with ", "). User-typed text (a
reason, a name) is passed as a plain str and is never translated. A key with a context
(pgettext) is stored with ``context``.
Templates: ``{% load stored_text %}{{ record.message|render_text }}``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

StoredText = dict[str, Any]
LANGUAGES = ("ru", "tg", "en")


def text(key: str, /, *, context: str = "", **params: Any) -> StoredText:
    """A stored text: ``key`` is the English msgid (marked with gettext_noop by the caller)."""
    stored: StoredText = {"key": key, "params": {k: _plain(v) for k, v in params.items()}}
    if context:
        stored["context"] = context
    return stored


def choice_text(instance: Any, field: str) -> StoredText | str:
    """The label of a coded field's value (``get_<field>_display``) as a stored text, so it is
    shown in the reader's language rather than frozen in the writer's; "" when unset."""
    value = getattr(instance, field)
    if value in (None, ""):
        return ""
    label = dict(instance._meta.get_field(field).flatchoices).get(value, value)
    args = getattr(label, "_args", None)  # a lazy gettext: (msgid,) or (context, msgid)
    if isinstance(label, Promise) and args and all(isinstance(a, str) for a in args):
        return text(args[-1], context=args[0] if len(args) == 2 else "")
    return str(label)


def name_of(obj: Any, field: str = "name") -> dict[str, dict[str, str]]:
    """A record's name in each of its languages (``<field>_ru``, ``_tg``, ``_en``), shown in
    the reader's language when rendered (core.i18n.FALLBACKS where it has none)."""
    return {"names": {code: str(getattr(obj, f"{field}_{code}", "") or "") for code in LANGUAGES}}


def lines(*parts: Any, separator: str = "\n") -> StoredText:
    """Several texts shown one after another (a notification body of a stored intro, the
    user's own description and a closing line), each rendered in the reader's language."""
    return {"key": "", "lines": [_plain(p) for p in parts], "separator": separator}


def is_stored_text(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("key"), str)


def render(stored: StoredText | str | None, language: str | None = None) -> str:
    """The text in ``language`` (default: the active one). A plain str is returned as it is, so
    fields that still hold older frozen text keep working."""
    if stored is None:
        return ""
    if isinstance(stored, str):
        return stored
    if language:
        with translation.override(language):
            return _render(stored)
    return _render(stored)


def render_html(stored: StoredText | str | None, language: str | None = None) -> SafeString:
    """Like ``render``, as HTML: the words the system wrote in the reader's language, and
    what a person typed (a plain str parameter, a line, an older frozen text) marked with its
    own ``lang`` when that is not the page's (WCAG 3.1.2)."""
    if stored is None:
        return mark_safe("")
    if isinstance(stored, str):
        return _mark(stored)
    if language:
        with translation.override(language):
            return mark_safe(_render(stored, html=True))  # noqa: S308 (_render escapes, html=True)
    return mark_safe(_render(stored, html=True))  # noqa: S308 (_render escapes, html=True)


def _mark(value: str) -> SafeString:
    from tailsafe.core.i18n import text_language

    language = text_language(value)
    if language and language != (translation.get_language() or "ru")[:2]:
        return format_html('<span lang="{}">{}</span>', language, value)
    return conditional_escape(value)


def _render(stored: StoredText, html: bool = False) -> str:
    if "lines" in stored:
        separator = str(stored.get("separator", "\n"))
        if html:
            separator = conditional_escape(separator)
        return separator.join(_show(p, html) for p in stored["lines"])
    key = str(stored.get("key", ""))
    context = stored.get("context", "")
    template = pgettext(context, key) if context else gettext(key) if key else ""
    if html:
        template = conditional_escape(template)
        key = conditional_escape(key)
    raw = stored.get("params") or {}
    params = {name: _show(value, html) for name, value in raw.items()}
    if not params:
        return template
    # A number shown in the reader's format fills a %(x)s; a key written with %(x)d (a count,
    # a row number) takes the number itself.
    numbers = {
        **params,
        **{n: v for n, v in raw.items() if isinstance(v, int | float) and not isinstance(v, bool)},
    }
    # A catalogue entry whose placeholders do not match: fall back to the English key.
    for candidate in (template, key):
        for values in (params, numbers):
            try:
                return str(candidate % values)
            except (KeyError, ValueError, TypeError):
                continue
    return key


def _name(names: dict[str, str], html: bool) -> str:
    from tailsafe.core.i18n import FALLBACKS

    active = (translation.get_language() or "ru")[:2]
    for code in FALLBACKS.get(active, FALLBACKS["ru"]):
        value = (names.get(code) or "").strip()
        if value:
            if not html:
                return value
            if code == active:
                return str(conditional_escape(value))
            return str(format_html('<span lang="{}">{}</span>', code, value))
    return ""


def _show(value: Any, html: bool = False) -> str:
    if isinstance(value, dict) and set(value) == {"names"}:
        return _name(value["names"], html)
    if html:
        if isinstance(value, str):
            return _mark(value)
        if not is_stored_text(value) and not isinstance(value, list):
            return conditional_escape(_show(value))
    if is_stored_text(value):
        return _render(value, html)
    if isinstance(value, dict) and "date" in value:
        try:
            day = dt.date.fromisoformat(str(value["date"]))
        except ValueError:
            return str(value["date"])
        return formats.date_format(day, "DATE_FORMAT", use_l10n=True)
    if isinstance(value, list):
        return ", ".join(_show(v, html) for v in value)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float | Decimal):
        return formats.number_format(value, use_l10n=True)
    return str(value)


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a parameter (Decimal as float, tuples as lists)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"date": value.isoformat()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict) and set(value) in ({"date"}, {"names"}):
        return value
    if isinstance(value, dict) and not is_stored_text(value):
        raise TypeError("a parameter is a plain value, a stored text or a list of them")
    if is_stored_text(value):
        return value
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
