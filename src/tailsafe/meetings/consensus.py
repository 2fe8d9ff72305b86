"""Consensus decisions (terms of reference §28; requirements.md M5). Pure: no Django import.

§28: "The consensus is the main principle of the achieving agreements, producing
recommendations and decisions in the IIWG work." Decisions are therefore never taken by vote,
and this module deliberately computes no tallies: there are no counts, majorities or quorums
anywhere in the result. Each institution records a position on a proposal:

* ``"support"``: the institution supports the proposal;
* ``"stand_aside"``: it does not support it but will not block it (the record shows who stood
  aside; the reason is kept by the caller);
* ``"object"``: it maintains an objection, which blocks the proposal.

A consensus is *declared* only when the question is settled for every institution present
(issue 15): each present institution has a recorded position, or the chair recorded that the
question was put and no one objected. A declared proposal is adopted when no present
institution maintains an objection and at least one supports it (or, the question having been
put, no one objected). Only institutions present at the meeting participate; positions of
absent institutions are ignored (but must still be valid position values, since a stored
position with an unknown value is a data error). Present institutions without a position are
listed in ``missing``; while any is missing and the question was not put, nothing is adopted.
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
    missing: list[str] = field(default_factory=list)
    put_without_objection: bool = False

    @property
    def declared(self) -> bool:
        """Every present institution has a position, or the question was put (issue 15)."""
        return not self.missing or self.put_without_objection


def _check_positions(positions: Mapping[str, str]) -> None:
    """Raise ``ValueError`` naming the first (by key) institution with an unknown position."""
    for key in sorted(positions):
        value = positions[key]
        if value not in POSITIONS:
            allowed = ", ".join(repr(p) for p in POSITIONS)
            raise ValueError(
                f"Unknown position {value!r} for institution {key!r}; allowed values: {allowed}."
            )


def decide(
    positions: Mapping[str, str],
    present: Collection[str],
    put_without_objection: bool = False,
) -> Outcome:
    """Decide a proposal by consensus (§28, requirements.md M5).

    ``positions`` maps an institution key to one of :data:`POSITIONS`; ``present`` holds the
    keys of the institutions participating in the meeting. Only present institutions count.
    ``put_without_objection`` is true when the chair recorded that the question was put and no
    one objected. The proposal is adopted when no present institution objects and either every
    present institution has a position with at least one supporting, or the question was put
    (with someone present). A proposal on which every present institution stands aside, or
    while a present institution has no position and the question was not put, is not adopted.
    Raises ``ValueError`` naming the institution and the allowed values when any
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
    missing = sorted(present_keys - set(positions))
    if objectors or not present_keys:
        adopted = False
    elif put_without_objection:
        adopted = True
    else:
        adopted = not missing and bool(supporters)
    return Outcome(
        adopted=adopted,
        supporters=supporters,
        stood_aside=sorted(by_position[STAND_ASIDE]),
        objectors=objectors,
        missing=missing,
        put_without_objection=put_without_objection,
    )
