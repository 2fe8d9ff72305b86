"""Checklist safety level (SL), evidence coverage and bands. Pure: no Django import.

methodology.md ("Checklist score"). For each applicable question i (answers "na" are left out of
both sums): a_i = answer score (provisional-1: compliant 1, partly 0.5, not 0), w_i = importance
weight (>= 0; default from the set: 1, dam stability and emergency categories 2), c_i =
credibility (verified 1, stated = operator's word only 0.5, none = no information 0)::

    SL       = 100 * sum(w_i * a_i * c_i) / sum(w_i)      per category and overall
    coverage = sum(w_i * c_i) / sum(w_i)

With no applicable answer, or a total applicable weight of 0, SL is ``None`` (not computable)
and coverage 0.0. Bands (provisional-1, ``checklist.bands``): SL >= 75 green, 50 <= SL < 75
amber, SL < 50 red. Coverage tells a low score from missing evidence apart from a low score from
confirmed non-compliance. Every applicable answer with a_i < 1 is a *shortfall* that proposes
the catalogue's measures (:func:`shortfalls`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from tailsafe.methodology.params import as_number, bin_lookup, resolve

NOT_APPLICABLE: Final = "na"
SL_EQUATION: Final = "SL = 100 * sum(w*a*c) / sum(w); coverage = sum(w*c) / sum(w)"


@dataclass(frozen=True)
class ChecklistResult:
    """Checklist score (module docstring; methodology.md, "Checklist score").

    ``overall`` SL in 0-100 or ``None``; ``by_category`` SL per category (``None`` for a
    category with no applicable weight); ``coverage`` evidence coverage in [0, 1] (0.0 when
    nothing is applicable); ``band`` of the overall SL (``None`` when SL is ``None``).
    """

    overall: float | None
    by_category: dict[str, float | None]
    coverage: float
    band: str | None
    parameter_set: str
    provisional: bool
    coverage_by_category: dict[str, float] = field(default_factory=dict)
    band_by_category: dict[str, str | None] = field(default_factory=dict)
    applicable: int = 0
    equation: str = SL_EQUATION


@dataclass(frozen=True)
class _Item:
    category: str
    weight: float
    a: float | None  # None: not applicable
    c: float


def _items(answers: Iterable[Mapping[str, Any]], ps: Mapping[str, Any]) -> list[_Item]:
    spec = ps["checklist"]
    scores: Mapping[str, float] = spec["answers"]
    cred: Mapping[str, float] = spec["credibility"]
    na = spec.get("not_applicable", NOT_APPLICABLE)
    weights = spec["weights"]
    by_cat: Mapping[str, float] = weights.get("by_category", {})
    items: list[_Item] = []
    for i, row in enumerate(answers):
        category = row.get("category")
        if not isinstance(category, str) or not category:
            raise ValueError(f"answer {i}: category must be a non-empty string, got {category!r}")
        raw_w = row.get("weight")
        if raw_w is None:
            weight = float(by_cat.get(category, weights["default"]))
        else:
            weight = as_number(raw_w, f"answer {i}: weight", minimum=0.0)
        answer = row.get("answer")
        if answer == na:
            items.append(_Item(category, weight, None, 0.0))
            continue
        if not isinstance(answer, str) or answer not in scores:
            allowed = ", ".join(repr(k) for k in (*scores, na))
            raise ValueError(f"answer {i}: unknown answer {answer!r}; allowed: {allowed}")
        credibility = row.get("credibility")
        if not isinstance(credibility, str) or credibility not in cred:
            allowed = ", ".join(repr(k) for k in cred)
            raise ValueError(f"answer {i}: unknown credibility {credibility!r}; allowed: {allowed}")
        items.append(_Item(category, weight, float(scores[answer]), float(cred[credibility])))
    return items


def _sl(items: Iterable[_Item]) -> tuple[float | None, float]:
    """(SL or None, coverage) over the applicable items."""
    total_w = num = cov = 0.0
    for it in items:
        if it.a is None:
            continue
        total_w += it.weight
        num += it.weight * it.a * it.c
        cov += it.weight * it.c
    if total_w <= 0:
        return None, 0.0
    # clamp guards against rounding just outside the range
    return min(100.0, max(0.0, 100.0 * num / total_w)), min(1.0, max(0.0, cov / total_w))


def _band(sl: float | None, ps: Mapping[str, Any]) -> str | None:
    if sl is None:
        return None
    return str(bin_lookup(ps["checklist"]["bands"], sl)["band"])


def band_for(sl: float | None, params: Mapping[str, Any] | None = None) -> str | None:
    """Band of a safety level: provisional-1 >= 75 "green", >= 50 "amber", else "red".

    ``None`` gives ``None``; an SL outside 0-100 raises ``ValueError``.
    """
    if sl is None:
        return None
    value = as_number(sl, "safety level", minimum=0.0)
    if value > 100:
        raise ValueError(f"safety level must be between 0 and 100, got {value:g}")
    return _band(value, resolve(params))


def score(
    answers: Iterable[Mapping[str, Any]], params: Mapping[str, Any] | None = None
) -> ChecklistResult:
    """Score checklist answers into SL overall and per category (module docstring).

    Each answer is a mapping with ``category`` (str), ``weight`` (number >= 0; absent or
    ``None`` takes the set's default for the category), ``answer`` ("compliant", "partly",
    "not" or "na") and ``credibility`` ("verified", "stated", "none"; ignored for "na").
    A negative weight, unknown answer or unknown credibility raises ``ValueError``.
    """
    ps = resolve(params)
    items = _items(answers, ps)
    overall, coverage = _sl(items)
    categories: dict[str, list[_Item]] = {}
    for it in items:
        categories.setdefault(it.category, []).append(it)
    by_category: dict[str, float | None] = {}
    coverage_by_category: dict[str, float] = {}
    for cat, cat_items in categories.items():
        by_category[cat], coverage_by_category[cat] = _sl(cat_items)
    return ChecklistResult(
        overall=overall,
        by_category=by_category,
        coverage=coverage,
        band=_band(overall, ps),
        parameter_set=str(ps["name"]),
        provisional=bool(ps["provisional"]),
        coverage_by_category=coverage_by_category,
        band_by_category={cat: _band(sl, ps) for cat, sl in by_category.items()},
        applicable=sum(1 for it in items if it.a is not None),
    )


def shortfalls(
    answers: Iterable[Mapping[str, Any]], params: Mapping[str, Any] | None = None
) -> list[Mapping[str, Any]]:
    """The applicable answers with a_i < 1 ("partly", "not"), in input order.

    Each one proposes the measure catalogue's measures for its question (methodology.md).
    Answers are validated as in :func:`score`.
    """
    rows = list(answers)
    items = _items(rows, resolve(params))
    return [row for row, it in zip(rows, items, strict=True) if it.a is not None and it.a < 1.0]
