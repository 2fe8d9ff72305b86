"""Search across the knowledge base, letters, meetings, minutes, proposals, action items and
facilities (ru/tg/en).

Every word of the query must be found; a word is found in a record when
- its stem (search/stems.py: Russian and Tajik endings, one rule for both databases) begins a
  word of the record's text. On PostgreSQL: full-text search with prefix tsqueries, as is
  ('simple' configuration, with the stem) and stemmed ('russian'), so "паводка" finds
  "паводков" and Tajik "партов" finds "партовҳо"; also a trigram word similarity on the
  unaccented text (pg_trgm, unaccent; migration search/0001), so a Tajik word typed without its
  own letters ("партовхо") still finds "партовҳо". Elsewhere (SQLite): the stem occurs in one of
  the fields (case-folded for Cyrillic too);
- or it names, in any of the three languages, a value of a coded vocabulary of the record: the
  commodity of a facility (core/vocabulary.py: "уран" finds "uranium"), a status or a kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tailsafe.core.vocabulary import matching_words
from tailsafe.correspondence.models import Letter
from tailsafe.facilities.models import Facility
from tailsafe.followup.models import ActionItem
from tailsafe.knowledge.models import (
    CommissionedWork,
    EprRecommendation,
    LegalAct,
    Lesson,
    Practice,
)
from tailsafe.meetings.models import AgendaItem, Meeting, MinutesItem, Proposal
from tailsafe.search.stems import stem, stems, words_of

if TYPE_CHECKING:
    from tailsafe.core.models import User

LIMIT = 30
LANGUAGES = ("ru", "tg", "en")
# pg_trgm's word similarity needed for a near match of an unaccented word (0..1).
TRIGRAM_WORD_SIMILARITY = 0.6
# Tajik letters and the Russian-keyboard letters people type for them, folded for the trigram
# comparison ("партовхо" finds "партовҳо").
TAJIK_LETTERS = "ҳқғӯӣҷ"
KEYBOARD_LETTERS = "хкгуич"


@dataclass(frozen=True)
class Source:
    key: str
    label: Promise
    queryset: Callable[[], models.QuerySet[Any]]
    fields: tuple[str, ...]
    url: Callable[[Any], str]
    title: Callable[[Any], str]
    # Coded fields: a query word naming one of their values in any language matches.
    vocabulary: Callable[[str], Q] | None = None


@dataclass(frozen=True)
class Hit:
    source: str
    label: Promise
    title: str
    url: str
    snippet: str


def choices_named(choices: Any, word: str) -> list[str]:
    """The codes of ``choices`` whose label, in any of the three languages, has a word starting
    with the stem of ``word`` ("действующ" -> "operating")."""
    root = stem(word.casefold())
    if len(root) < 3:
        return []
    codes = []
    for code, label in choices:
        for language in LANGUAGES:
            with translation.override(language):
                text = str(label).casefold()
            if any(w.startswith(root) for w in words_of(text)):
                codes.append(code)
                break
    return codes


def _coded(**fields: Any) -> Callable[[str], Q]:
    """A vocabulary matcher over ``field=choices`` pairs."""

    def match(word: str) -> Q:
        q = Q(pk__in=[])
        for name, choices in fields.items():
            codes = choices_named(choices, word)
            if codes:
                q |= Q(**{f"{name}__in": codes})
        return q

    return match


def _facility_vocabulary(word: str) -> Q:
    q = _coded(status=Facility.Status.choices)(word)
    for commodity in matching_words(word):
        q |= Q(commodity__icontains=commodity)
    return q


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
        "proposals",
        _("Proposals"),
        lambda: Proposal.objects.select_related("item__minutes__meeting"),
        ("text",),
        lambda o: (
            reverse("meetings:meeting_detail", args=[o.item.minutes.meeting_id]) + "?tab=minutes"
        ),
        lambda o: f"{o.item.minutes.meeting} — {o.item.title}",
        _coded(kind=Proposal.Kind.choices),
    ),
    Source(
        "actions",
        _("Action items"),
        lambda: ActionItem.objects.all(),
        ("description",),
        lambda o: reverse("followup:action_detail", args=[o.pk]),
        str,
        _coded(status=ActionItem.Status.choices),
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
        _facility_vocabulary,
    ),
)


def _postgres_filter(
    qs: models.QuerySet[Any], source: Source, words: list[str]
) -> models.QuerySet[Any]:
    from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity

    fields = source.fields
    parts: list[Any] = []
    for f in fields:
        parts += [Coalesce(F(f), Value(""), output_field=TextField()), Value(" ")]
    text = Concat(*parts, output_field=TextField())
    qs = qs.annotate(
        _search=SearchVector(*fields, config="simple") + SearchVector(*fields, config="russian"),
        _text=Func(
            Func(Func(text, function="LOWER"), function="unaccent"),
            Value(TAJIK_LETTERS),
            Value(KEYBOARD_LETTERS),
            function="translate",
            output_field=TextField(),
        ),
    )
    for n, word in enumerate(words):
        beginnings = " | ".join(f"{_tsword(root)}:*" for root in stems(word))
        prefix = SearchQuery(beginnings, search_type="raw", config="simple")
        russian = SearchQuery(f"{_tsword(word)}:*", search_type="raw", config="russian")
        similar = f"_similar{n}"
        qs = qs.annotate(
            **{
                similar: TrigramWordSimilarity(
                    Func(  # type: ignore[arg-type]
                        Value(word.translate(_FOLD)), function="unaccent", output_field=TextField()
                    ),
                    "_text",
                )
            }
        )
        match = Q(_search=prefix) | Q(_search=russian)
        if len(word) >= 4:
            match |= Q(**{f"{similar}__gte": TRIGRAM_WORD_SIMILARITY})
        if source.vocabulary is not None:
            match |= source.vocabulary(word)
        qs = qs.filter(match)
    return qs


_FOLD = str.maketrans(TAJIK_LETTERS, KEYBOARD_LETTERS)


def _tsword(word: str) -> str:
    """A word safe inside a raw tsquery (letters and digits only, as words_of gives)."""
    return "".join(c for c in word if c.isalnum()) or "_"


def _variants(text: str) -> set[str]:
    return {text, text.capitalize(), text.upper()}


def _fallback_filter(
    qs: models.QuerySet[Any], source: Source, words: list[str]
) -> models.QuerySet[Any]:
    # SQLite's LIKE folds only ASCII letters: also try the capitalised and upper-case forms.
    for word in words:
        match = reduce(
            or_,
            (
                Q(**{f"{f}__icontains": v})
                for f in source.fields
                for root in stems(word)
                for v in _variants(root)
            ),
        )
        if source.vocabulary is not None:
            match |= source.vocabulary(word)
        qs = qs.filter(match)
    return qs


def _snippet(obj: Any, fields: tuple[str, ...], words: list[str]) -> str:
    roots = [root for w in words for root in stems(w)]
    for name in fields:
        text = str(getattr(obj, name, "") or "")
        low = text.casefold()
        for root in roots:
            at = low.find(root)
            if at >= 0:
                start = max(0, at - 60)
                return ("…" if start else "") + text[start : at + 100].replace("\n", " ") + "…"
    return ""


def _scoped(user: User) -> dict[str, Callable[[Any, Any], Any]]:
    """Each source's visible_to(user, queryset) (docs/permissions.md): search finds only what
    the user may open."""
    from tailsafe.correspondence.rules import letters_visible_to
    from tailsafe.facilities.rules import facilities_visible_to
    from tailsafe.followup.rules import action_items_visible_to
    from tailsafe.knowledge.rules import works_visible_to
    from tailsafe.meetings.rules import meetings_visible_to, minutes_visible_to

    def agenda(u: Any, qs: Any) -> Any:
        return qs.filter(meeting__in=meetings_visible_to(u))

    def minutes_items(u: Any, qs: Any) -> Any:
        return qs.filter(minutes__in=minutes_visible_to(u))

    def proposals(u: Any, qs: Any) -> Any:
        return qs.filter(item__minutes__in=minutes_visible_to(u))

    return {
        "minutes": minutes_items,
        "proposals": proposals,
        "actions": action_items_visible_to,
        "meetings": meetings_visible_to,
        "agenda": agenda,
        "letters": letters_visible_to,
        "works": works_visible_to,
        "facilities": facilities_visible_to,
    }


def search(query: str, limit: int = LIMIT, user: User | None = None) -> dict[str, list[Hit]]:
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
        qs = (_postgres_filter if use_pg else _fallback_filter)(qs, source, words)
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
