"""Membership term rules (G3, §19). Pure: no Django import."""

import calendar
from datetime import date, timedelta

MIN_TERM_YEARS = 2
EXPIRY_WARNING_DAYS = 90


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    target = day.year + years
    last = calendar.monthrange(target, day.month)[1]
    return day.replace(year=target, day=min(day.day, last))


def minimum_end(start: date) -> date:
    """The earliest last day of a term starting on `start`: two full years (§19)."""
    return add_years(start, MIN_TERM_YEARS) - timedelta(days=1)


def is_long_enough(start: date, end: date) -> bool:
    return end >= minimum_end(start)


def ends_soon(end: date, today: date, within_days: int = EXPIRY_WARNING_DAYS) -> bool:
    return today <= end <= today + timedelta(days=within_days)
