"""Early-warning levels (methodology.md "Early warning levels (T7)"). Pure: no Django import.

methodology.md uses the tailings industry's trigger-action-response-plan (TARP) pattern: per
monitoring point and parameter, the levels are normal / alert / alarm / emergency, each with
thresholds. This module turns a reading (or a recent series of readings) into a level; who is
notified and the response expected are the caller's business.

Threshold rules (decided here; checked by :func:`validate_thresholds`, which :func:`classify`
and :func:`trend_level` call):

* The threshold keys are ``"alert"``, ``"alarm"`` and ``"emergency"``; each is optional, and any
  other key raises ``ValueError``. With no thresholds every value is ``"normal"``.
* Reaching a threshold counts: for a ``"rising"`` parameter (higher is worse, e.g. piezometric
  level, seepage, a contaminant concentration) the level applies when ``value >= threshold``; for
  a ``"falling"`` parameter (lower is worse, e.g. freeboard) when ``value <= threshold``.
* The thresholds present must be *strictly* monotone in level order: strictly ascending for
  ``"rising"``, strictly descending for ``"falling"``. Equal thresholds for two levels raise
  ``ValueError`` too, because the lower of the two levels could then never be reported.
* Threshold values must be finite numbers; a NaN reading raises ``ValueError`` (a reading of
  +/-infinity is classified normally).
"""

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

LEVELS: Final[tuple[str, ...]] = ("normal", "alert", "alarm", "emergency")
"""The TARP levels, from least to most severe (methodology.md T7)."""

THRESHOLD_KEYS: Final[tuple[str, ...]] = LEVELS[1:]
"""The levels that have a threshold; ``"normal"`` is what remains below them all."""

DIRECTIONS: Final[tuple[str, ...]] = ("rising", "falling")
"""``"rising"``: higher values are worse; ``"falling"``: lower values are worse (freeboard)."""


def level_rank(level: str) -> int:
    """Return the severity rank of a TARP level: normal 0, alert 1, alarm 2, emergency 3."""
    try:
        return LEVELS.index(level)
    except ValueError:
        allowed = ", ".join(LEVELS)
        raise ValueError(f"Unknown level {level!r}; allowed levels: {allowed}.") from None


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise ValueError(f"Unknown direction {direction!r}; allowed: {', '.join(DIRECTIONS)}.")


def validate_thresholds(thresholds: Mapping[str, float], direction: str = "rising") -> None:
    """Raise ``ValueError`` unless ``thresholds`` follow the module's rules (see module doc).

    Keys must be among :data:`THRESHOLD_KEYS`, values finite, and the values present strictly
    ascending in level order (``"rising"``) or strictly descending (``"falling"``).
    """
    _check_direction(direction)
    unknown = sorted(set(thresholds) - set(THRESHOLD_KEYS))
    if unknown:
        raise ValueError(
            f"Unknown threshold key(s) {', '.join(map(repr, unknown))}; "
            f"allowed keys: {', '.join(THRESHOLD_KEYS)}."
        )
    previous: tuple[str, float] | None = None
    for key in THRESHOLD_KEYS:
        if key not in thresholds:
            continue
        value = float(thresholds[key])
        if not math.isfinite(value):
            raise ValueError(f"Threshold {key!r} must be a finite number, got {value!r}.")
        if previous is not None:
            prev_key, prev_value = previous
            in_order = value > prev_value if direction == "rising" else value < prev_value
            if not in_order:
                relation = "above" if direction == "rising" else "below"
                raise ValueError(
                    f"Thresholds out of order for a {direction} parameter: {key!r} ({value!r}) "
                    f"must be strictly {relation} {prev_key!r} ({prev_value!r})."
                )
        previous = (key, value)


_OPERATORS: Final[dict[str, Callable[[float, float], bool]]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}

REACHES: Final[dict[str, str]] = {"rising": ">=", "falling": "<="}
"""How a reading reaches a TARP threshold, per direction (the one home of the level rule:
:func:`classify`, the importer and the SQL of the bulk import all derive from it)."""

UNINFORMATIVE_CENSOR: Final[dict[str, str]] = {"rising": "<", "falling": ">"}
"""The censoring that says nothing about a level: "<x" only says the true value is below x,
so it raises no level for a rising parameter (and ">x" none for a falling one)."""


def _reaches(value: float, threshold: float, direction: str) -> bool:
    return _OPERATORS[REACHES[direction]](value, threshold)


def compile_classifier(
    thresholds: Mapping[str, float], direction: str = "rising"
) -> Callable[[float], str]:
    """:func:`classify` for one set of thresholds, validated once (for many readings)."""
    validate_thresholds(thresholds, direction)
    reaches = _OPERATORS[REACHES[direction]]
    steps = [(k, float(thresholds[k])) for k in reversed(THRESHOLD_KEYS) if k in thresholds]

    def level(value: float) -> str:
        if value != value:  # NaN
            raise ValueError("Cannot classify a NaN value.")
        for key, threshold in steps:
            if reaches(value, threshold):
                return key
        return LEVELS[0]

    return level


def classify(value: float, thresholds: Mapping[str, float], direction: str = "rising") -> str:
    """Return the TARP level of a reading (methodology.md T7).

    The result is the most severe level whose threshold the value reaches (``>=`` for
    ``direction="rising"``, ``<=`` for ``"falling"``), or ``"normal"`` if none. Raises
    ``ValueError`` for a NaN value, an unknown direction, and thresholds that break the rules
    in the module docstring (unknown key, non-finite, not strictly monotone).
    """
    return compile_classifier(thresholds, direction)(value)


def classify_reading(
    value: float | None,
    censor: str | None,
    thresholds: Mapping[str, float],
    direction: str = "rising",
) -> str:
    """The TARP level of a possibly censored reading, read conservatively.

    "<x" raises no level for a rising parameter (:data:`UNINFORMATIVE_CENSOR`); ">x" is at
    least x. A "not detected" reading without a known limit (``value`` None) is normal.
    """
    if censor_raises_no_level(censor, direction) or value is None:
        return LEVELS[0]
    return classify(value, thresholds, direction)


def censor_raises_no_level(censor: str | None, direction: str) -> bool:
    """The censored-value rule: a reading censored on the harmless side ("<x" for a rising
    parameter, ">x" for a falling one) raises no level, whatever the thresholds. (A reading
    without a value, not detected with no known limit, raises none either.) The importer's
    per-row path asks the same question."""
    _check_direction(direction)
    return (censor or "") == UNINFORMATIVE_CENSOR[direction]


# --- comparing a reading with its limit (methodology.md "Comparing a reading with its limit") --

EXCEEDS: Final = "exceeds"
WITHIN: Final = "within"
INCONCLUSIVE: Final = "inconclusive"
VERDICTS: Final[tuple[str, ...]] = (WITHIN, INCONCLUSIVE, EXCEEDS)
"""The three answers, from best to worst (a combination of limits takes the worst)."""

CENSORS: Final[tuple[str, ...]] = ("", "<", ">")

COMPARISON_TABLE: Final[dict[tuple[str, str], tuple[str, str, str]]] = {
    # (censor, direction): (operator of "value <op> limit", verdict if true, verdict if false)
    ("", "rising"): (">", EXCEEDS, WITHIN),
    ("<", "rising"): ("<=", WITHIN, INCONCLUSIVE),
    (">", "rising"): (">=", EXCEEDS, INCONCLUSIVE),
    ("", "falling"): ("<", EXCEEDS, WITHIN),
    ("<", "falling"): ("<=", EXCEEDS, INCONCLUSIVE),
    (">", "falling"): (">=", WITHIN, INCONCLUSIVE),
}
"""The methodology table, as data: :func:`compare_with_limit` reads it, and the bulk import
writes its SQL from it, so the rule has one home. For a censored reading the value is the
reported limit d ("<d": below detection limit d; ">d": above reporting limit d)."""


def _finite(name: str, number: float) -> float:
    number = float(number)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number!r}.")
    return number


def _censor_key(censor: str | None) -> str:
    key = censor or ""
    if key not in CENSORS:
        raise ValueError(f"Unknown censor {censor!r}; allowed: '<', '>' or None.")
    return key


def compare_with_limit(
    value: float, limit: float, censor: str | None = None, direction: str = "rising"
) -> str:
    """Compare a reading with one limit: ``"exceeds"``, ``"within"`` or ``"inconclusive"``.

    ``direction`` ``"rising"``: the limit is a maximum; ``"falling"``: a minimum (pH 6.5).
    ``censor`` ``"<"`` (``value`` is the detection limit the true value lies below), ``">"``
    (``value`` is a reporting limit the true value lies above) or None (``""`` is read as
    None). Exceeds means strictly beyond the limit; a censored reading that cannot be placed
    on either side of the limit is inconclusive, never within (methodology.md table). NaN or
    infinite numbers, an unknown censor or direction raise ``ValueError``.
    """
    _check_direction(direction)
    op, if_true, if_false = COMPARISON_TABLE[(_censor_key(censor), direction)]
    holds = _OPERATORS[op](_finite("value", value), _finite("limit", limit))
    return if_true if holds else if_false


def worst_verdict(verdicts: Sequence[str]) -> str:
    """The worst of several answers (exceeds > inconclusive > within); within for none."""
    return max(verdicts, key=VERDICTS.index, default=WITHIN)


def compare_with_norm(
    value: float,
    censor: str | None = None,
    *,
    maximum: float | None = None,
    minimum: float | None = None,
) -> str:
    """Compare a reading with a norm of one or two limits (a range such as pH 6.5-8.5 is a
    ``minimum`` and a ``maximum``): the worst of :func:`compare_with_limit` against each.
    Raises ``ValueError`` without any limit, or with a minimum above the maximum."""
    if maximum is None and minimum is None:
        raise ValueError("A norm needs a maximum, a minimum or both.")
    if maximum is not None and minimum is not None and float(minimum) > float(maximum):
        raise ValueError(f"The minimum {minimum!r} is above the maximum {maximum!r}.")
    verdicts = []
    if maximum is not None:
        verdicts.append(compare_with_limit(value, maximum, censor, "rising"))
    if minimum is not None:
        verdicts.append(compare_with_limit(value, minimum, censor, "falling"))
    return worst_verdict(verdicts)


# --- a point's worst current state (issue 16, item 6) --------------------------------------

STATE_ORDER: Final[tuple[str, ...]] = (
    "",  # no reading yet
    "normal",
    WITHIN,
    INCONCLUSIVE,
    EXCEEDS,
    "alert",
    "alarm",
    "emergency",
)
"""From best to worst: a TARP level above normal outranks a norm verdict (it was set for the
site), a reading beyond its norm outranks one that cannot be compared with it."""


def worst_state(states: Iterable[str | None]) -> str:
    """The worst of the TARP levels and norm verdicts of a point's series ("" for none).
    Unknown states raise ValueError (never silently ranked)."""
    worst = 0
    for state in states:
        rank = STATE_ORDER.index(state or "")
        worst = max(worst, rank)
    return STATE_ORDER[worst]


# --- the same rules as SQL, for the bulk import path (monitoring/bulk/) ----------------------
# Written from the definitions above, so the bulk and checked paths cannot disagree (their
# equality is tested in tests/monitoring/test_bulk*.py).


def level_case_sql(value: str = "v", censored: str = "censored", rising: str = "rising") -> str:
    """The TARP level rule as an SQL CASE, written from REACHES,
    UNINFORMATIVE_CENSOR and THRESHOLD_KEYS above, over
    the threshold columns t_alert, t_alarm, t_emergency (NULL: no such threshold)."""
    normal = LEVELS[0]

    def ladder(direction: str) -> str:
        op = REACHES[direction]
        steps = " ".join(
            f"WHEN {value} {op} t_{key} THEN '{key}'" for key in reversed(THRESHOLD_KEYS)
        )
        return f"CASE {steps} ELSE '{normal}' END"

    quiet = UNINFORMATIVE_CENSOR
    return (
        f"CASE WHEN {value} IS NULL THEN '{normal}' "
        f"WHEN {rising} AND {censored} = '{quiet['rising']}' THEN '{normal}' "
        f"WHEN NOT {rising} AND {censored} = '{quiet['falling']}' THEN '{normal}' "
        f"WHEN {rising} THEN {ladder('rising')} ELSE {ladder('falling')} END"
    )


def limit_case_sql(direction: str, limit: str, value: str = "v", censored: str = "censored") -> str:
    """compare_with_limit as an SQL CASE, written from its COMPARISON_TABLE (the
    rule's one home): NULL without a limit, inconclusive for a "not detected" reading whose
    detection limit is unknown (as the checked path)."""
    whens = " ".join(
        f"WHEN {censored} = '{c}' THEN CASE WHEN {value} {op} {limit} THEN '{yes}' ELSE '{no}' END"
        for (c, d), (op, yes, no) in COMPARISON_TABLE.items()
        if d == direction
    )
    return (
        f"CASE WHEN {limit} IS NULL THEN NULL WHEN {value} IS NULL THEN '{INCONCLUSIVE}' "
        f"{whens} END"
    )


def worst_case_sql(*verdicts: str) -> str:
    """thresholds.worst_verdict of several limit verdicts as SQL; '' when all are NULL."""
    cols = ", ".join(verdicts)
    whens = " ".join(f"WHEN '{v}' IN ({cols}) THEN '{v}'" for v in reversed(VERDICTS))
    return f"CASE {whens} ELSE '' END"
