"""Search across the knowledge base, letters, meetings, minutes and facilities (ru/tg/en).

On PostgreSQL: full-text search with a prefix tsquery (`word:*`) against the text both as is
('simple' configuration) and stemmed ('russian'), so "хвост" finds "хвостохранилище" and
"хвостохранилищами" finds "хвостохранилище". Elsewhere (SQLite): every word, shortened to its
stem by a crude ending rule, must occur in one of the fields (case-folded for Cyrillic too)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tailsafe.correspondence.models import Letter
from tailsafe.facilities.models import Facility
from tailsafe.knowledge.models import (
    CommissionedWork,
    EprRecommendation,
    LegalAct,
    Lesson,
    Practice,
)
from tailsafe.meetings.models import AgendaItem, Meeting, MinutesItem

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8
LIMIT = 30
# Russian / Tajik endings removed for the fallback (longest first); a stem keeps >= 4 letters.
_ENDINGS = "ами ями ого его ому ему ыми ими ых их ой ей ий ый ая яя ое ее ую юю ом ем ам ям ах ях"
ENDINGS = sorted(
    [*_ENDINGS.split(" "), "ов", "ев", "а", "я", "о", "е", "и", "ы", "у", "ю", "ь"],
    key=len,
    reverse=True,
)


@dataclass(frozen=True)
class Source:
    key: str
    label: Promise
    queryset: Callable[[], models.QuerySet[Any]]
    fields: tuple[str, ...]
    url: Callable[[Any], str]
    title: Callable[[Any], str]


@dataclass(frozen=True)
class Hit:
    source: str
    label: Promise
    title: str
    url: str
    snippet: str


def words_of(query: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(query or "") if len(w) >= 2][:MAX_WORDS]


def stem(word: str) -> str:
    """A crude prefix stem for the fallback: drop one common ending if >= 4 letters remain."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


SOURCES: tuple[Source, ...] = (
    Source(
        "minutes",
        _("Minutes"),
        lambda: MinutesItem.objects.select_related("minutes__meeting"),
        ("title", "summary", "decisions", "recommendations"),
        lambda o: reverse("meetings:meeting_detail", args=[o.minutes.meeting_id]) + "?tab=minutes",
        lambda o: f"{o.minutes.meeting} — {o.title}",
    ),
    Source(
        "meetings",
        _("Meetings"),
        lambda: Meeting.objects.all(),
        ("title", "place"),
        lambda o: reverse("meetings:meeting_detail", args=[o.pk]),
        str,
    ),
    Source(
        "agenda",
        _("Agenda items"),
        lambda: AgendaItem.objects.select_related("meeting"),
        ("title", "notes", "facility_reference"),
        lambda o: reverse("meetings:meeting_detail", args=[o.meeting_id]),
        lambda o: f"{o.meeting} — {o.title}",
    ),
    Source(
        "letters",
        _("Letters"),
        lambda: Letter.objects.all(),
        ("number", "subject", "correspondent", "body"),
        lambda o: reverse("correspondence:letter_detail", args=[o.pk]),
        str,
    ),
    Source(
        "legislation",
        _("Legislation and policy"),
        lambda: LegalAct.active.all(),
        ("title", "number", "issuing_body", "summary", "proposals"),
        lambda o: reverse("knowledge:record_detail", args=["legislation", o.pk]),
        str,
    ),
    Source(
        "practices",
        _("Good practices and projects"),
        lambda: Practice.active.all(),
        ("title", "organisation", "description", "results"),
        lambda o: reverse("knowledge:record_detail", args=["practices", o.pk]),
        str,
    ),
    Source(
        "lessons",
        _("Lessons learned"),
        lambda: Lesson.active.all(),
        ("name", "country", "place", "cause", "lessons", "rivers"),
        lambda o: reverse("knowledge:record_detail", args=["lessons", o.pk]),
        str,
    ),
    Source(
        "epr",
        _("EPR recommendations"),
        lambda: EprRecommendation.objects.all(),
        ("code", "title", "summary", "full_text"),
        lambda o: reverse("knowledge:record_detail", args=["epr", o.pk]),
        str,
    ),
    Source(
        "works",
        _("Commissioned work"),
        lambda: CommissionedWork.active.all(),
        ("title", "description", "contractor"),
        lambda o: reverse("knowledge:work_detail", args=[o.pk]),
        str,
    ),
    Source(
        "facilities",
        _("Facilities"),
        lambda: Facility.objects.filter(archived_at__isnull=True),
        ("name_ru", "name_tg", "name_en", "other_names", "region", "river", "notes"),
        lambda o: reverse("facilities:detail", args=[o.pk]),
        lambda o: f"{o.name_ru} / {o.name_en}",
    ),
)


def _postgres_filter(qs: models.QuerySet[Any], fields: tuple[str, ...], words: list[str]) -> Any:
    from django.contrib.postgres.search import SearchQuery, SearchVector

    vector = SearchVector(*fields, config="simple") + SearchVector(*fields, config="russian")
    raw = " & ".join(f"{w}:*" for w in words)
    query = SearchQuery(raw, search_type="raw", config="simple") | SearchQuery(
        raw, search_type="raw", config="russian"
    )
    return qs.annotate(_search=vector).filter(_search=query)


def _variants(text: str) -> set[str]:
    return {text, text.capitalize(), text.upper()}


def _fallback_filter(qs: models.QuerySet[Any], fields: tuple[str, ...], words: list[str]) -> Any:
    # SQLite's LIKE folds only ASCII letters: also try the capitalised and upper-case forms.
    for word in words:
        root = stem(word)
        qs = qs.filter(
            reduce(
                or_,
                (Q(**{f"{f}__icontains": v}) for f in fields for v in _variants(root)),
            )
        )
    return qs


def _snippet(obj: Any, fields: tuple[str, ...], words: list[str]) -> str:
    roots = [stem(w) for w in words]
    for name in fields:
        text = str(getattr(obj, name, "") or "")
        low = text.casefold()
        for root in roots:
            at = low.find(root)
            if at >= 0:
                start = max(0, at - 60)
                return ("…" if start else "") + text[start : at + 100].replace("\n", " ") + "…"
    return ""


def _scoped(user: Any) -> dict[str, Callable[[Any, Any], Any]]:
    """Each source's visible_to(user, queryset) (docs/permissions.md): search finds only what
    the user may open."""
    from tailsafe.correspondence.rules import letters_visible_to
    from tailsafe.facilities.rules import facilities_visible_to
    from tailsafe.knowledge.rules import works_visible_to
    from tailsafe.meetings.rules import meetings_visible_to, minutes_visible_to

    def agenda(u: Any, qs: Any) -> Any:
        return qs.filter(meeting__in=meetings_visible_to(u))

    def minutes_items(u: Any, qs: Any) -> Any:
        return qs.filter(minutes__in=minutes_visible_to(u))

    return {
        "minutes": minutes_items,
        "meetings": meetings_visible_to,
        "agenda": agenda,
        "letters": letters_visible_to,
        "works": works_visible_to,
        "facilities": facilities_visible_to,
    }


def search(query: str, limit: int = LIMIT, user: Any = None) -> dict[str, list[Hit]]:
    """Hits grouped by source (only sources with hits), at most `limit` per source; with
    `user`, only records within their scope (rules.py of each area)."""
    words = words_of(query)
    if not words:
        return {}
    use_pg = connection.vendor == "postgresql"
    results: dict[str, list[Hit]] = {}
    scoped = _scoped(user) if user is not None else {}
    for source in SOURCES:
        qs = source.queryset()
        if source.key in scoped:
            qs = scoped[source.key](user, qs)
        if use_pg:
            qs = _postgres_filter(qs, source.fields, words)
        else:
            qs = _fallback_filter(qs, source.fields, words)
        hits = [
            Hit(
                source.key,
                source.label,
                source.title(obj),
                source.url(obj),
                _snippet(obj, source.fields, words),
            )
            for obj in qs[:limit]
        ]
        if hits:
            results[source.key] = hits
    return results
