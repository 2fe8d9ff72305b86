"""Tertiles of the ranked portfolio (methodology.md: THI with its rank and tertile)."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from tailsafe.methodology.ranking import tertile


@given(st.integers(min_value=1, max_value=500))
def test_tertiles_are_monotone_and_balanced(total: int) -> None:
    tiers = [tertile(rank, total) for rank in range(1, total + 1)]
    assert tiers[0] == 1
    assert all(a <= b for a, b in itertools.pairwise(tiers))
    assert set(tiers) <= {1, 2, 3}
    if total >= 3:
        assert set(tiers) == {1, 2, 3}
        assert max(tiers.count(t) for t in (1, 2, 3)) - min(tiers.count(t) for t in (1, 2, 3)) <= 1
