"""The one ranking of the portfolio (issue 17, item 4): every page, report and API reads it.

methodology.md (THI rules): rank by THI_max (unknown terms at their maximum, the volume at the
top of its range), with THI_min beside it; an estimate from throughput is marked; until
official classes exist, a facility's THI is shown with its rank and tertile in the portfolio.
Facilities without an index are left unranked, each with its reason, and counted.

Order: THI_max descending, then THI_min descending (the surer hazard first), then TRI_max
descending, then the code. Ranks and tertiles are among the facilities given (callers pass
every facility that is not archived and then keep the rows a reader may see).

:func:`rank` reads the index columns only: now through ``Facility.current_assessment`` (one
query), or at a past ``moment`` from the assessment history (the latest computed before it).
:func:`with_objects` loads the facilities and assessments of the rows a page shows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tailsafe.methodology.intervals import FLAG_DENSITY_RANGE
from tailsafe.methodology.models import HazardAssessment

NOT_ASSESSED: Final = "not_assessed"
NO_VOLUME: Final = "no_volume"
NOT_COMPUTED: Final = "not_computed"
NOT_AMONG: Final = "not_among"
"""Reason of :meth:`Ranking.of` for a facility not among those ranked (e.g. archived)."""

UNRANKED_REASONS: Final = {
    NOT_ASSESSED: _("no hazard assessment yet"),
    NO_VOLUME: _("no volume, mass or throughput known"),
    NOT_COMPUTED: _("the index could not be computed"),
}
"""Why a facility is left unranked (code -> label in the reader's language)."""

_COLUMNS: Final = ("thi_min", "thi_max", "tri_max", "estimate", "error", "flags")


def tertile(rank: int, total: int) -> int:
    """1 = highest third of the ranked portfolio, 3 = lowest (methodology.md, THI rules)."""
    return 1 + (3 * (rank - 1)) // total if total else 0


@dataclass
class Ranking:
    """Every facility given, ranked ones first (``rows``), and why the others are not."""

    rows: list[dict[str, Any]]
    total: int
    unranked: dict[str, int] = field(default_factory=dict)
    moment: dt.datetime | None = None

    def of(self, facility_id: int) -> dict[str, Any]:
        """The row of one facility; rank None when it is unranked or not among them."""
        for row in self.rows:
            if row["facility_id"] == facility_id:
                return row
        return _row(facility_id, None, None, None, self.total, {}, NOT_AMONG)

    def among(self, facility_ids: Iterable[int]) -> list[dict[str, Any]]:
        """The rows of the given facilities (e.g. those a reader may see), ranks kept."""
        keep = set(facility_ids)
        return [r for r in self.rows if r["facility_id"] in keep]

    @property
    def unranked_total(self) -> int:
        return sum(self.unranked.values())

    def unranked_rows(self) -> list[dict[str, Any]]:
        """(reason code, label, count) of the unranked facilities, for a page."""
        return [
            {"reason": k, "label": UNRANKED_REASONS[k], "count": n}
            for k, n in sorted(self.unranked.items())
        ]


def _reason(assessment_id: int | None, values: dict[str, Any]) -> str:
    if assessment_id is None:
        return NOT_ASSESSED
    if "tailings volume required" in (values.get("error") or ""):
        return NO_VOLUME
    return NOT_COMPUTED


def _row(
    facility_id: int,
    assessment_id: int | None,
    rank_: int | None,
    tier: int | None,
    total: int,
    values: dict[str, Any],
    reason: str,
) -> dict[str, Any]:
    flags = values.get("flags") or []
    return {
        "facility_id": facility_id,
        "assessment_id": assessment_id,
        "rank": rank_,
        "tertile": tier,
        "total": total,
        "thi_min": values.get("thi_min"),
        "thi_max": values.get("thi_max"),
        "tri_max": values.get("tri_max"),
        "estimate": bool(values.get("estimate")),
        "provisional": bool(values.get("provisional")) or FLAG_DENSITY_RANGE in flags,
        "unranked_reason": reason,
    }


def _current(facilities: QuerySet[Any]) -> list[tuple[int, str, int | None, dict[str, Any]]]:
    names = ["current_assessment__" + c for c in _COLUMNS]
    ps = "current_assessment__parameter_set__provisional"
    return [
        (pk, code, aid, {**dict(zip(_COLUMNS, rest[:-1], strict=True)), "provisional": rest[-1]})
        for pk, code, aid, *rest in facilities.values_list(
            "pk", "code", "current_assessment_id", *names, ps
        )
    ]


def _at(
    facilities: QuerySet[Any], moment: dt.datetime
) -> list[tuple[int, str, int | None, dict[str, Any]]]:
    latest: dict[int, tuple[int, dict[str, Any]]] = {}
    for aid, fid, *rest in (
        HazardAssessment.objects.filter(facility__in=facilities, computed_at__lt=moment)
        .order_by("facility_id", "-computed_at", "-id")
        .values_list("id", "facility_id", *_COLUMNS, "parameter_set__provisional")
    ):
        if fid not in latest:
            values = {**dict(zip(_COLUMNS, rest[:-1], strict=True)), "provisional": rest[-1]}
            latest[fid] = (aid, values)
    return [
        (pk, code, *latest.get(pk, (None, {}))) for pk, code in facilities.values_list("pk", "code")
    ]


def rank(facilities: QuerySet[Any], moment: dt.datetime | None = None) -> Ranking:
    """Rank ``facilities`` (a Facility queryset) by THI_max, now or as of ``moment``.

    Every facility gets one row (module docstring): facility_id, assessment_id, rank, tertile,
    total (how many are ranked), thi_min, thi_max, tri_max, estimate, provisional and
    unranked_reason (None when ranked). ``Ranking.unranked`` counts the unranked by reason.
    """
    entries = _current(facilities) if moment is None else _at(facilities, moment)
    ranked, unranked = [], []
    for pk, code, aid, values in entries:
        if aid is not None and values.get("thi_max") is not None:
            key = (-values["thi_max"], -(values["thi_min"] or 0), -(values["tri_max"] or 0), code)
            ranked.append((key, pk, aid, values))
        else:
            unranked.append((code, pk, aid, values))
    ranked.sort(key=lambda e: e[0])
    unranked.sort(key=lambda e: e[0])
    total = len(ranked)
    rows = [
        _row(pk, aid, i, tertile(i, total), total, values, "")
        for i, (_key, pk, aid, values) in enumerate(ranked, start=1)
    ]
    reasons: Counter[str] = Counter()
    for _code, pk, aid, values in unranked:
        reason = _reason(aid, values)
        reasons[reason] += 1
        rows.append(_row(pk, aid, None, None, total, values, reason))
    return Ranking(rows=rows, total=total, unranked=dict(reasons), moment=moment)


def with_objects(rows: Iterable[dict[str, Any]], facilities: QuerySet[Any]) -> list[dict[str, Any]]:
    """Rows of :func:`rank` with their facility (from ``facilities``) and assessment loaded:
    for the rows a page shows (issue 9: a page of a ranking of 2,000 builds only its rows)."""
    rows = list(rows)
    by_id = facilities.in_bulk([r["facility_id"] for r in rows])
    assessments = (
        HazardAssessment.objects.defer("inputs")
        .prefetch_related("parameter_set")
        .in_bulk([r["assessment_id"] for r in rows if r["assessment_id"] is not None])
    )
    return [
        {
            **r,
            "facility": by_id[r["facility_id"]],
            "assessment": assessments.get(r["assessment_id"]),
        }
        for r in rows
        if r["facility_id"] in by_id
    ]


def ranked_rows(
    facilities: QuerySet[Any], moment: dt.datetime | None = None
) -> tuple[Ranking, list[dict[str, Any]]]:
    """:func:`rank` and every row with its objects loaded (for pages that show them all)."""
    ranking = rank(facilities, moment)
    return ranking, with_objects(ranking.rows, facilities)
