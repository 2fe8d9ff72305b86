"""Tests for consensus decisions (terms of reference §28; requirements.md M5)."""

import dataclasses
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tailsafe.meetings.consensus import POSITIONS, Outcome, decide

CASES: list[tuple[str, dict[str, str], set[str], Outcome]] = [
    ("empty", {}, set(), Outcome(adopted=False)),
    (
        "empty positions, some present",
        {},
        {"a", "b"},
        Outcome(adopted=False, missing=["a", "b"]),
    ),
    (
        "all support",
        {"a": "support", "b": "support", "c": "support"},
        {"a", "b", "c"},
        Outcome(adopted=True, supporters=["a", "b", "c"]),
    ),
    (
        "one stands aside, still adopted",
        {"a": "support", "b": "stand_aside", "c": "support"},
        {"a", "b", "c"},
        Outcome(adopted=True, supporters=["a", "c"], stood_aside=["b"]),
    ),
    (
        "one objects, blocks",
        {"a": "support", "b": "object", "c": "support"},
        {"a", "b", "c"},
        Outcome(adopted=False, supporters=["a", "c"], objectors=["b"]),
    ),
    (
        "objection by an absent institution is ignored",
        {"a": "support", "b": "object"},
        {"a"},
        Outcome(adopted=True, supporters=["a"]),
    ),
    (
        "support by an absent institution does not count",
        {"a": "stand_aside", "b": "support"},
        {"a"},
        Outcome(adopted=False, stood_aside=["a"]),
    ),
    (
        "only stand-asides, not adopted",
        {"a": "stand_aside", "b": "stand_aside"},
        {"a", "b"},
        Outcome(adopted=False, stood_aside=["a", "b"]),
    ),
    (
        "present without a position: no consensus declared",
        {"b": "support"},
        {"a", "b"},
        Outcome(adopted=False, supporters=["b"], missing=["a"]),
    ),
    (
        "lists are sorted",
        {"z": "object", "m": "support", "b": "object", "a": "stand_aside", "k": "stand_aside"},
        {"z", "m", "b", "a", "k"},
        Outcome(adopted=False, supporters=["m"], stood_aside=["a", "k"], objectors=["b", "z"]),
    ),
]


@pytest.mark.parametrize(
    ("positions", "present", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_decide_table(positions: dict[str, str], present: set[str], expected: Outcome) -> None:
    assert decide(positions, present) == expected


def test_positions_constant() -> None:
    assert POSITIONS == ("support", "stand_aside", "object")


@pytest.mark.parametrize("bad", ["abstain", "yes", "Support", "", "objection"])
def test_unknown_value_raises_naming_key_and_allowed(bad: str) -> None:
    with pytest.raises(ValueError) as info:
        decide({"ok": "support", "inst-42": bad}, {"ok", "inst-42"})
    message = str(info.value)
    assert "inst-42" in message
    for allowed in POSITIONS:
        assert allowed in message


def test_unknown_value_of_absent_institution_still_raises() -> None:
    with pytest.raises(ValueError, match="ghost"):
        decide({"a": "support", "ghost": "vote"}, {"a"})


def test_outcome_is_frozen_and_has_no_tally() -> None:
    outcome = decide({"a": "support"}, {"a"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcome.adopted = False  # type: ignore[misc]
    names = {f.name for f in dataclasses.fields(Outcome)}
    assert names == {
        "adopted",
        "supporters",
        "stood_aside",
        "objectors",
        "missing",
        "put_without_objection",
    }
    flags = {"adopted", "put_without_objection"}
    assert not any(isinstance(getattr(outcome, n), int | float) for n in names - flags)


def test_present_accepts_any_collection() -> None:
    positions = {"a": "support", "b": "object"}
    assert decide(positions, ["a"]).adopted
    assert decide(positions, ("a",)).adopted
    assert decide(positions, frozenset({"a"})).adopted
    assert not decide(positions, ["a", "b", "b"]).adopted


keys = st.text(alphabet="abcdefghij", min_size=1, max_size=3)
positions_st = st.dictionaries(keys, st.sampled_from(POSITIONS), max_size=12)


@st.composite
def scenario(draw: st.DrawFn) -> tuple[dict[str, str], set[str]]:
    positions = draw(positions_st)
    present = draw(st.sets(st.sampled_from(sorted(positions)))) if positions else set()
    extra = draw(st.sets(keys, max_size=3))
    return positions, present | extra


@given(scenario(), keys)
def test_adding_a_support_never_unadopts(data: tuple[dict[str, str], set[str]], new: str) -> None:
    positions, present = data
    before = decide(positions, present)
    if new in positions:  # adding a support means a new institution that supports
        return
    after = decide({**positions, new: "support"}, present | {new})
    if before.adopted:
        assert after.adopted


@given(scenario(), keys)
def test_turning_a_position_into_support_never_unadopts(
    data: tuple[dict[str, str], set[str]], key: str
) -> None:
    positions, present = data
    before = decide(positions, present)
    after = decide({**positions, key: "support"}, present)
    if before.adopted:
        assert after.adopted


@given(scenario(), keys)
def test_one_present_objection_always_blocks(
    data: tuple[dict[str, str], set[str]], objector: str
) -> None:
    positions, present = data
    outcome = decide({**positions, objector: "object"}, present | {objector})
    assert not outcome.adopted
    assert objector in outcome.objectors


@given(scenario(), st.randoms(use_true_random=False))
def test_independent_of_dict_order(
    data: tuple[dict[str, str], set[str]], rnd: random.Random
) -> None:
    positions, present = data
    items = list(positions.items())
    rnd.shuffle(items)
    present_list = list(present)
    rnd.shuffle(present_list)
    assert decide(dict(items), present_list) == decide(positions, present)


@given(scenario())
def test_lists_sorted_disjoint_and_subsets_of_present(
    data: tuple[dict[str, str], set[str]],
) -> None:
    positions, present = data
    outcome = decide(positions, present)
    groups = (outcome.supporters, outcome.stood_aside, outcome.objectors)
    for group, position in zip(groups, POSITIONS, strict=True):
        assert group == sorted(group)
        assert set(group) <= present
        assert all(positions[k] == position for k in group)
    combined = [k for g in groups for k in g]
    assert len(combined) == len(set(combined))
    assert set(combined) == present & set(positions)
    assert outcome.missing == sorted(present - set(positions))
    assert outcome.adopted == (
        bool(outcome.supporters) and not outcome.objectors and not outcome.missing
    )


# --- issue 15: a consensus is declared only when every present institution is heard ----------


def test_question_put_without_objection_adopts_when_no_one_objects() -> None:
    outcome = decide({"a": "stand_aside"}, {"a", "b"}, put_without_objection=True)
    assert outcome.adopted
    assert outcome.declared
    assert outcome.missing == ["b"]


def test_question_put_but_a_later_objection_blocks() -> None:
    assert not decide({"b": "object"}, {"a", "b"}, put_without_objection=True).adopted


def test_question_put_with_no_one_present_adopts_nothing() -> None:
    assert not decide({}, set(), put_without_objection=True).adopted


@given(scenario(), st.booleans())
def test_adopted_only_when_declared_and_no_present_objection(
    data: tuple[dict[str, str], set[str]], put: bool
) -> None:
    positions, present = data
    outcome = decide(positions, present, put_without_objection=put)
    if outcome.adopted:
        assert outcome.declared
        assert not outcome.objectors
        assert all(positions.get(k) != "object" for k in present)


@given(scenario(), keys, st.booleans())
def test_a_later_objection_always_unadopts(
    data: tuple[dict[str, str], set[str]], key: str, put: bool
) -> None:
    positions, present = data
    after = decide({**positions, key: "object"}, present | {key}, put_without_objection=put)
    assert not after.adopted


@given(scenario(), keys)
def test_a_present_institution_without_position_blocks_declaration(
    data: tuple[dict[str, str], set[str]], newcomer: str
) -> None:
    positions, present = data
    if newcomer in positions:
        return
    outcome = decide(positions, present | {newcomer})
    assert not outcome.declared
    assert not outcome.adopted
