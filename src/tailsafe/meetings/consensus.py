"""Consensus decisions (terms of reference §28; requirements.md M5). Pure: no Django import.

§28: "The consensus is the main principle of the achieving agreements, producing
recommendations and decisions in the IIWG work." Decisions are therefore never taken by vote,
and this module deliberately computes no tallies: there are no counts, majorities or quorums
anywhere in the result. Each institution records a position on a proposal:

* ``"support"``: the institution supports the proposal;
* ``"stand_aside"``: it does not support it but will not block it (the record shows who stood
  aside; the reason is kept by the caller);
* ``"object"``: it maintains an objection, which blocks the proposal.

A proposal is adopted by consensus when at least one participating institution supports it and
no participating institution maintains an objection (M5). Only institutions present at the
meeting participate; positions of absent institutions are ignored (but must still be valid
position values, since a stored position with an unknown value is a data error).
A present institution with no recorded position simply does not appear in the outcome.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Final

SUPPORT: Final = "support"
STAND_ASIDE: Final = "stand_aside"
OBJECT: Final = "object"

POSITIONS: Final[tuple[str, ...]] = (SUPPORT, STAND_ASIDE, OBJECT)
"""The allowed position values, in display order (M5)."""


@dataclass(frozen=True)
class Outcome:
    """The result of :func:`decide` for one proposal (§28, M5).

    ``adopted`` is true when at least one present institution supports the proposal and no
    present institution objects. ``supporters``, ``stood_aside`` and ``objectors`` are the
    sorted keys of the present institutions holding each position. There is intentionally no
    count or tally field (§28: consensus, never a vote).
    """

    adopted: bool
    supporters: list[str] = field(default_factory=list)
    stood_aside: list[str] = field(default_factory=list)
    objectors: list[str] = field(default_factory=list)


def _check_positions(positions: Mapping[str, str]) -> None:
    """Raise ``ValueError`` naming the first (by key) institution with an unknown position."""
    for key in sorted(positions):
        value = positions[key]
        if value not in POSITIONS:
            allowed = ", ".join(repr(p) for p in POSITIONS)
            raise ValueError(
                f"Unknown position {value!r} for institution {key!r}; allowed values: {allowed}."
            )


def decide(positions: Mapping[str, str], present: Collection[str]) -> Outcome:
    """Decide a proposal by consensus (§28, requirements.md M5).

    ``positions`` maps an institution key to one of :data:`POSITIONS`; ``present`` holds the
    keys of the institutions participating in the meeting. Only present institutions count.
    The proposal is adopted when at least one present institution supports it and none objects;
    a proposal on which every present institution stands aside (or none has a position) is not
    adopted. Raises ``ValueError`` naming the institution and the allowed values when any
    position (present or not) is not one of :data:`POSITIONS`.
    """
    _check_positions(positions)
    present_keys = set(present)
    by_position: dict[str, list[str]] = {p: [] for p in POSITIONS}
    for key, value in positions.items():
        if key in present_keys:
            by_position[value].append(key)
    supporters = sorted(by_position[SUPPORT])
    objectors = sorted(by_position[OBJECT])
    return Outcome(
        adopted=bool(supporters) and not objectors,
        supporters=supporters,
        stood_aside=sorted(by_position[STAND_ASIDE]),
        objectors=objectors,
    )
