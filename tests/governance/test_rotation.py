"""G4 rotation as a pure rule: table cases and its laws (period 5, each leads once per cycle)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tailsafe.governance.rotation import leading_authority, schedule

FIVE = ["energy_water", "industry", "emergencies", "environment", "industrial_safety"]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2026, "energy_water"),
        (2027, "industry"),
        (2030, "industrial_safety"),
        (2031, "energy_water"),
        (2036, "energy_water"),
    ],
)
def test_leading_authority(year: int, expected: str) -> None:
    assert leading_authority(FIVE, 2026, year) == expected


def test_schedule_gives_leading_and_next() -> None:
    rows = schedule(FIVE, 2026, 2026, 3)
    assert rows == [
        (2026, "energy_water", "industry"),
        (2027, "industry", "emergencies"),
        (2028, "emergencies", "environment"),
    ]


def test_year_before_start_is_an_error() -> None:
    with pytest.raises(ValueError, match="before the rotation's start year"):
        leading_authority(FIVE, 2026, 2025)
    with pytest.raises(ValueError):
        schedule(FIVE, 2026, 2020, 3)


def test_bad_orders() -> None:
    with pytest.raises(ValueError):
        leading_authority([], 2026, 2026)
    with pytest.raises(ValueError):
        leading_authority(["a", "a"], 2026, 2026)


years = st.integers(min_value=1990, max_value=2200)


@given(start=years, offset=st.integers(min_value=0, max_value=500))
def test_period_is_five(start: int, offset: int) -> None:
    year = start + offset
    assert leading_authority(FIVE, start, year) == leading_authority(FIVE, start, year + 5)


@given(start=years, offset=st.integers(min_value=0, max_value=500))
def test_each_authority_leads_once_per_cycle(start: int, offset: int) -> None:
    cycle = [leading_authority(FIVE, start, start + offset + i) for i in range(5)]
    assert sorted(cycle) == sorted(FIVE)


@given(
    start=years,
    offset=st.integers(min_value=0, max_value=500),
    n=st.integers(min_value=1, max_value=30),
)
def test_next_is_the_following_years_leader(start: int, offset: int, n: int) -> None:
    for year, _lead, nxt in schedule(FIVE, start, start + offset, n):
        assert nxt == leading_authority(FIVE, start, year + 1)
