"""Coded vocabularies stored as English words in free-text fields, shown and searched in every
language (P1).

A facility's commodity comes from the reference list as English text ("uranium", "lead, zinc",
"fluorspar (tungsten planned)"). The known commodity words are translated; what is not a known
word (a note in brackets) stays as written and is marked as English by the template filter.
Search uses ``matching_words`` so that "уран" or "тилло" finds "uranium" or "gold".
"""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

COMMODITIES: dict[str, Promise] = {
    "uranium": pgettext_lazy("commodity", "uranium"),
    "gold": pgettext_lazy("commodity", "gold"),
    "silver": pgettext_lazy("commodity", "silver"),
    "lead": pgettext_lazy("commodity", "lead"),
    "zinc": pgettext_lazy("commodity", "zinc"),
    "antimony": pgettext_lazy("commodity", "antimony"),
    "mercury": pgettext_lazy("commodity", "mercury"),
    "coal": pgettext_lazy("commodity", "coal"),
    "fluorspar": pgettext_lazy("commodity", "fluorspar"),
    "tungsten": pgettext_lazy("commodity", "tungsten"),
    "rare metals": pgettext_lazy("commodity", "rare metals"),
    "copper": pgettext_lazy("commodity", "copper"),
    "molybdenum": pgettext_lazy("commodity", "molybdenum"),
}
LANGUAGES = ("ru", "tg", "en")
_SPLIT = re.compile(r"(\s*,\s*|-|\s+\(|\)|\s+)")


def commodity_parts(value: str, language: str | None = None) -> list[tuple[str, bool]]:
    """``value`` cut into pieces, each ``(text, translated)``: known commodity words in the
    reader's language, anything else (separators, notes) as written."""
    parts: list[tuple[str, bool]] = []
    rest = value or ""
    lowered = rest.lower()
    words = sorted(COMMODITIES, key=len, reverse=True)
    position = 0
    buffer = ""
    while position < len(rest):
        for word in words:
            if lowered.startswith(word, position) and _boundary(lowered, position, len(word)):
                if buffer:
                    parts.append((buffer, False))
                    buffer = ""
                parts.append((_in(COMMODITIES[word], language), True))
                position += len(word)
                break
        else:
            buffer += rest[position]
            position += 1
    if buffer:
        parts.append((buffer, False))
    return parts


def commodity_label(value: str, language: str | None = None) -> str:
    """The commodity text with its known words in ``language`` (plain text, for papers)."""
    return "".join(text for text, _translated in commodity_parts(value, language))


def matching_words(query: str) -> set[str]:
    """English vocabulary words whose name in any language starts with a word of ``query``
    ("уран" -> {"uranium"}, "тилло" -> {"gold"}); words shorter than 3 letters are ignored."""
    terms = [t for t in re.findall(r"\w+", (query or "").lower()) if len(t) >= 3]
    found: set[str] = set()
    if not terms:
        return found
    for word, label in COMMODITIES.items():
        names = {word} | {_in(label, lang).lower() for lang in LANGUAGES}
        if any(name.startswith(t) or t.startswith(name) for t in terms for name in names):
            found.add(word)
    return found


def _in(label: Promise, language: str | None) -> str:
    if language:
        with translation.override(language):
            return str(label)
    return str(label)


def _boundary(text: str, start: int, length: int) -> bool:
    before = text[start - 1] if start else " "
    end = start + length
    after = text[end] if end < len(text) else " "
    return not before.isalpha() and not after.isalpha()
