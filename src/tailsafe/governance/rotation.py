"""Co-chair rotation (G4, §21-22). Pure: no Django import.

The five rotating authorities co-chair on an annual rotation in a configured order starting from a
configured year. The *leading* co-chair of a year chairs that year's term; the *next* one prepares
and chairs the following term (§22).
"""

from collections.abc import Sequence


def _check(order: Sequence[str], start_year: int, year: int) -> None:
    if not order:
        raise ValueError("the rotation order is empty")
    if len(set(order)) != len(order):
        raise ValueError("an authority appears twice in the rotation order")
    if year < start_year:
        raise ValueError(f"year {year} is before the rotation's start year {start_year}")


def leading_authority(order: Sequence[str], start_year: int, year: int) -> str:
    """The authority that leads in `year`."""
    _check(order, start_year, year)
    return order[(year - start_year) % len(order)]


def schedule(
    order: Sequence[str], start_year: int, from_year: int, years: int
) -> list[tuple[int, str, str]]:
    """(year, leading, next) for `years` consecutive years from `from_year`."""
    if years < 0:
        raise ValueError("the number of years cannot be negative")
    _check(order, start_year, from_year)
    return [
        (y, leading_authority(order, start_year, y), leading_authority(order, start_year, y + 1))
        for y in range(from_year, from_year + years)
    ]
