"""Tests for the checklist safety level (methodology.md, "Checklist score")."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tailsafe.methodology.checklist import band_for, score, shortfalls
from tailsafe.methodology.params import default_parameter_set

ANSWERS = ("not", "partly", "compliant")  # worst to best
CREDIBILITY = ("none", "stated", "verified")


def _a(
    category: str, answer: str, credibility: str = "verified", weight: Any = 1
) -> dict[str, Any]:
    return {"category": category, "weight": weight, "answer": answer, "credibility": credibility}


def test_all_compliant_and_verified() -> None:
    result = score([_a("general", "compliant"), _a("dam_stability", "compliant", weight=2)])
    assert result.overall == 100.0
    assert result.coverage == 1.0
    assert result.band == "green"
    assert result.by_category == {"general": 100.0, "dam_stability": 100.0}
    assert result.parameter_set == "provisional-1"
    assert result.provisional is True
    assert result.applicable == 2


def test_worked_example() -> None:
    answers = [
        _a("dam_stability", "compliant", "verified", 2),  # w*a*c = 2,   w*c = 2
        _a("dam_stability", "partly", "stated", 2),  # 2*0.5*0.5 = 0.5, w*c = 1
        _a("water_management", "not", "verified", 1),  # 0,         w*c = 1
        _a("water_management", "compliant", "none", 1),  # 0,       w*c = 0
        _a("water_management", "na", "verified", 5),  # left out of both sums
    ]
    result = score(answers)
    assert result.overall == pytest.approx(100 * 2.5 / 6)
    assert result.coverage == pytest.approx(4 / 6)
    assert result.band == "red"
    assert result.by_category["dam_stability"] == pytest.approx(100 * 2.5 / 4)
    assert result.by_category["water_management"] == 0.0
    assert result.coverage_by_category == {
        "dam_stability": pytest.approx(0.75),
        "water_management": pytest.approx(0.5),
    }
    assert result.band_by_category == {"dam_stability": "amber", "water_management": "red"}
    assert result.applicable == 4


@pytest.mark.parametrize(
    "answers",
    [
        [],
        [_a("general", "na")],
        [_a("general", "compliant", weight=0), _a("closure", "not", weight=0)],
    ],
)
def test_nothing_applicable(answers: list[dict[str, Any]]) -> None:
    result = score(answers)
    assert result.overall is None
    assert result.coverage == 0.0
    assert result.band is None


def test_category_with_only_na_answers_has_no_score() -> None:
    result = score([_a("general", "compliant"), _a("closure", "na")])
    assert result.by_category == {"general": 100.0, "closure": None}
    assert result.band_by_category["closure"] is None


def test_missing_weight_takes_the_category_default() -> None:
    answers = [
        {"category": "dam_stability", "answer": "compliant", "credibility": "verified"},
        {"category": "general_permits", "answer": "not", "credibility": "verified", "weight": None},
    ]
    assert score(answers).overall == pytest.approx(100 * 2 / 3)


def test_na_answer_needs_no_credibility() -> None:
    answers = [_a("general", "compliant"), {"category": "general", "weight": 1, "answer": "na"}]
    assert score(answers).overall == 100.0


@pytest.mark.parametrize(
    ("answer", "match"),
    [
        (_a("general", "compliant", weight=-1), r"answer 0: weight must be >= 0"),
        (_a("general", "compliant", weight="2"), r"answer 0: weight must be a number"),
        (_a("general", "yes"), r"answer 0: unknown answer 'yes'"),
        (_a("general", "compliant", "maybe"), r"answer 0: unknown credibility 'maybe'"),
        ({"category": "general", "weight": 1, "answer": "partly"}, "unknown credibility None"),
        (_a("", "compliant"), "category must be a non-empty string"),
        ({"weight": 1, "answer": "compliant", "credibility": "stated"}, "category"),
    ],
)
def test_errors(answer: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        score([answer])
    with pytest.raises(ValueError, match=match):
        shortfalls([answer])


@pytest.mark.parametrize(
    ("sl", "band"),
    [(100, "green"), (75, "green"), (74.99, "amber"), (50, "amber"), (49.99, "red"), (0, "red"),
     (None, None)],
)  # fmt: skip
def test_band_for(sl: float | None, band: str | None) -> None:
    assert band_for(sl) == band


@pytest.mark.parametrize("bad", [-0.1, 100.1, "80"])
def test_band_for_errors(bad: Any) -> None:
    with pytest.raises(ValueError, match="safety level"):
        band_for(bad)


def test_bands_come_from_the_parameter_set() -> None:
    ps = default_parameter_set()
    ps["checklist"]["bands"][0]["ge"] = 90
    assert band_for(80) == "green"
    assert band_for(80, ps) == "amber"


def test_shortfalls() -> None:
    answers = [
        _a("general", "compliant"),
        _a("general", "partly"),
        _a("closure", "na"),
        _a("closure", "not", "none"),
        _a("closure", "compliant", "none"),
    ]
    assert shortfalls(answers) == [answers[1], answers[3]]
    assert shortfalls([]) == []


def test_shortfalls_accept_an_iterator() -> None:
    answers = [_a("general", "not"), _a("general", "compliant")]
    assert shortfalls(iter(answers)) == [answers[0]]


# --------------------------------------------------------------------------- laws

answer_strategy = st.fixed_dictionaries(
    {
        "category": st.sampled_from(["general", "dam_stability", "closure"]),
        "weight": st.one_of(
            st.just(0), st.integers(min_value=0, max_value=5), st.floats(min_value=0, max_value=10)
        ),
        "answer": st.sampled_from((*ANSWERS, "na")),
        "credibility": st.sampled_from(CREDIBILITY),
    }
)
answers_strategy = st.lists(answer_strategy, max_size=12)


@settings(max_examples=60, deadline=None)
@given(answers=answers_strategy, data=st.data())
def test_raising_an_answer_never_lowers_the_score(
    answers: list[dict[str, Any]], data: st.DataObject
) -> None:
    applicable = [i for i, a in enumerate(answers) if a["answer"] != "na"]
    if not applicable:
        return
    i = data.draw(st.sampled_from(applicable), label="index")
    current = ANSWERS.index(answers[i]["answer"])
    better = data.draw(st.sampled_from(ANSWERS[current:]), label="better")
    raised = [*answers[:i], {**answers[i], "answer": better}, *answers[i + 1 :]]
    before, after = score(answers), score(raised)
    assert before.coverage == after.coverage
    if before.overall is not None:
        assert after.overall is not None
        assert after.overall >= before.overall
    for category, value in before.by_category.items():
        if value is not None:
            new = after.by_category[category]
            assert new is not None
            assert new >= value


@settings(max_examples=60, deadline=None)
@given(answers=answers_strategy)
def test_ranges(answers: list[dict[str, Any]]) -> None:
    result = score(answers)
    assert 0.0 <= result.coverage <= 1.0
    if result.overall is not None:
        assert 0.0 <= result.overall <= 100.0
        assert result.overall <= 100.0 * result.coverage + 1e-9  # a <= 1
        assert result.band in ("green", "amber", "red")
    for value in result.by_category.values():
        assert value is None or 0.0 <= value <= 100.0
    for cov in result.coverage_by_category.values():
        assert 0.0 <= cov <= 1.0


@settings(max_examples=60, deadline=None)
@given(answers=answers_strategy, extra=st.lists(answer_strategy, max_size=5), data=st.data())
def test_na_answers_are_ignored(
    answers: list[dict[str, Any]], extra: list[dict[str, Any]], data: st.DataObject
) -> None:
    nas = [{**a, "answer": "na"} for a in extra]
    mixed = list(answers)
    for item in nas:
        mixed.insert(data.draw(st.integers(min_value=0, max_value=len(mixed))), item)
    before, after = score(answers), score(mixed)
    assert after.overall == before.overall
    assert after.coverage == before.coverage
    for category, value in before.by_category.items():
        assert after.by_category[category] == value


@settings(max_examples=60, deadline=None)
@given(answers=answers_strategy, extra=st.lists(answer_strategy, max_size=5))
def test_zero_weight_answers_change_nothing(
    answers: list[dict[str, Any]], extra: list[dict[str, Any]]
) -> None:
    zeros = [{**a, "weight": 0} for a in extra]
    before, after = score(answers), score([*answers, *zeros])
    assert after.overall == before.overall
    assert after.coverage == before.coverage
    assert shortfalls([*answers, *zeros])[: len(shortfalls(answers))] == shortfalls(answers)
