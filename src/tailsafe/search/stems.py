"""Word stems for search (ru/tg/en), without Django: one rule for both databases.

A word loses one common Russian or Tajik ending when at least four letters remain, so that
"хвостохранилищами" and "хвостохранилище" share "хвостохранилищ", "паводка" and "паводков"
share "паводк" (the nominative "паводок" also gives "паводк": its fleeting vowel, ``stems``),
and Tajik "партовҳо" (plural), "партовгоҳҳои" or "партовро" share their beginning with
"партов". Search then matches the stem as the beginning of a word (PostgreSQL) or anywhere in
the text (SQLite fallback)."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8
MIN_STEM = 4

# Russian case and adjective endings.
_RUSSIAN = "ами ями ого его ому ему ыми ими ых их ой ей ий ый ая яя ое ее ую юю ом ем ам ям ах ях"
_RUSSIAN_SHORT = "ов ев а я о е и ы у ю ь"
# Tajik plural, izofat, object and adjective endings (ҳо, -ҳои, -ро, -и, -ӣ), longest first;
# compounds such as -гоҳ are left to the prefix match.
_TAJIK = "ҳоятон ҳоямон ҳояш ҳоеро ҳоро ҳои ҳое ҳо ҳоӣ ро ӣ"
ENDINGS: tuple[str, ...] = tuple(
    sorted(set(f"{_RUSSIAN} {_RUSSIAN_SHORT} {_TAJIK}".split(" ")), key=len, reverse=True)
)


def words_of(query: str) -> list[str]:
    """The words of a query, case-folded, at least two letters, at most MAX_WORDS."""
    return [w.casefold() for w in WORD.findall(query or "") if len(w) >= 2][:MAX_WORDS]


def stem(word: str) -> str:
    """``word`` without one common ending when at least MIN_STEM letters remain.

    Tajik plurals may carry a further ending ("партовҳоро" -> "партовҳо" -> "партов"): the
    stripping repeats while an ending still comes off."""
    current = word
    while True:
        for ending in ENDINGS:
            if current.endswith(ending) and len(current) - len(ending) >= MIN_STEM:
                current = current[: -len(ending)]
                break
        else:
            return current
        if current != word and not _tajik_plural_left(current):
            return current


# A Russian noun whose last vowel drops in every other form: "паводок" / "паводка",
# "уровень" / "уровня", "образец" / "образца". The nominative ending and what is left of it.
_FLEETING = (("ок", "к"), ("ёк", "к"), ("ек", "к"), ("ец", "ц"), ("ень", "н"))


def stems(word: str) -> list[str]:
    """The beginnings a word's other forms share: its ``stem``, and for a nominative with a
    fleeting vowel ("паводок") also the stem without it ("паводк", as in "паводка"). A search
    matches any of them, so a word that keeps its vowel ("поток", "потока") is still found."""
    found = [stem(word)]
    for ending, rest in _FLEETING:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            variant = word[: -len(ending)] + rest
            if variant not in found:
                found.append(variant)
            break
    return found


def _tajik_plural_left(word: str) -> bool:
    return word.endswith("ҳо")
