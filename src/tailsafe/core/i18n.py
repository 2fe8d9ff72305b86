"""Helpers for content stored in three languages (names of institutions, facilities...)."""

from typing import Any

from django.utils.translation import get_language, gettext_noop, pgettext_lazy

# Tajik text may be missing while the secretariat fills it in: fall back to Russian, then English.
FALLBACKS = {"tg": ("tg", "ru", "en"), "ru": ("ru", "en", "tg"), "en": ("en", "ru", "tg")}


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """`obj.<field>_<lang>` in the active language, falling back as FALLBACKS says."""
    lang = (language or get_language() or "ru")[:2]
    for code in FALLBACKS.get(lang, FALLBACKS["ru"]):
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value.strip():
            return str(value)
    return ""


# Strings of Django itself that its ru/tg catalogues lack (Django 6.1's blank choice of every
# select) and the izofa month names the Tajik DATE_FORMAT uses ("5 декабри соли 2026"): marked
# here so that the project catalogue carries them.
DJANGO_STRINGS = (
    gettext_noop("- Select an option -"),
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)

# Letters that tell the script of a short text apart: Tajik uses ӣ ӯ қ ғ ҳ ҷ and never ы щ ц ь
# (the Russian-only letters); any other Cyrillic text is taken for Russian.
TAJIK_ONLY = frozenset("ӣӯқғҳҷӢӮҚҒҲҶ")
RUSSIAN_ONLY = frozenset("ыщцьЫЩЦЬ")


def has_cyrillic(value: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in value)


def text_language(value: str) -> str:
    """The language a stored text (a name, a note) is most likely written in: "tg", "ru" or
    "en"; "" when it has no letters (a number, a code). Used only to mark text with ``lang``
    (WCAG 3.1.2), never to translate it."""
    if not value:
        return ""
    letters = set(value)
    if letters & TAJIK_ONLY:
        return "tg"
    if has_cyrillic(value):
        return "ru"
    if any(ch.isalpha() for ch in value):
        return "en"
    return ""


def localized_with_language(obj: Any, field: str, language: str | None = None) -> tuple[str, str]:
    """Like ``localized``, with the language of the value found (for a ``lang`` attribute)."""
    lang = (language or get_language() or "ru")[:2]
    for code in FALLBACKS.get(lang, FALLBACKS["ru"]):
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value.strip():
            return str(value), code
    return "", lang


def language_for(*holders: Any) -> str:
    """The language to write to someone in: the first of ``holders`` (a user account, a person
    or guest record) that has one chosen, else the site's default (Russian)."""
    from django.conf import settings

    for holder in holders:
        code = (getattr(holder, "language", "") or "")[:2] if holder is not None else ""
        if code in {c for c, _name in settings.LANGUAGES}:
            return code
    return str(settings.LANGUAGE_CODE)
