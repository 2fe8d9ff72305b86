import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tailsafe.governance.terms import add_years, ends_soon, is_long_enough, minimum_end


def test_two_full_years() -> None:
    assert minimum_end(dt.date(2026, 1, 1)) == dt.date(2027, 12, 31)
    assert is_long_enough(dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    assert not is_long_enough(dt.date(2026, 1, 1), dt.date(2027, 12, 30))


def test_leap_day() -> None:
    assert add_years(dt.date(2028, 2, 29), 2) == dt.date(2030, 2, 28)


def test_ends_soon() -> None:
    today = dt.date(2026, 11, 27)
    assert ends_soon(dt.date(2027, 2, 25), today)
    assert not ends_soon(dt.date(2027, 2, 26), today)
    assert not ends_soon(dt.date(2026, 11, 26), today)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2200, 1, 1)))
def test_minimum_end_is_long_enough_and_a_day_less_is_not(start: dt.date) -> None:
    end = minimum_end(start)
    assert is_long_enough(start, end)
    assert not is_long_enough(start, end - dt.timedelta(days=1))
