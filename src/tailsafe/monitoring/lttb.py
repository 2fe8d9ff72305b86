"""Largest-triangle-three-buckets (Steinarsson 2013): which readings of a series a chart of a
given width draws (issue 20, item 3). Pure: no Django.

The first and the last reading, the series' minimum and maximum, and every reading the caller
names (those beyond a limit) are always kept; the rest is one reading per bucket, the one
spanning the largest triangle with its chosen neighbour on the left and the mean of the bucket
on the right. So the result holds at most `budget` + the kept extras readings, in time order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

MIN_BUDGET = 3


def downsample(
    xs: Sequence[float], ys: Sequence[float], budget: int, keep: Iterable[int] = ()
) -> list[int]:
    """Indices (ascending) of the readings to draw: all of them when there are no more than
    `budget`; otherwise the LTTB choice of `budget` readings plus the minimum, the maximum and
    `keep`. `xs` ascending, same length as `ys`."""
    n = len(xs)
    if len(ys) != n:
        raise ValueError("xs and ys differ in length")
    budget = max(MIN_BUDGET, budget)
    if n <= budget:
        return list(range(n))
    chosen = {0, n - 1, *keep}
    chosen.add(min(range(n), key=ys.__getitem__))
    chosen.add(max(range(n), key=ys.__getitem__))
    every = (n - 2) / (budget - 2)
    a = 0
    for i in range(budget - 2):
        start = int(i * every) + 1
        end = int((i + 1) * every) + 1
        nxt_start, nxt_end = end, min(int((i + 2) * every) + 1, n)
        if nxt_start >= nxt_end:  # the last bucket: its right neighbour is the last reading
            nxt_start, nxt_end = n - 1, n
        span = nxt_end - nxt_start
        avg_x = sum(xs[nxt_start:nxt_end]) / span
        avg_y = sum(ys[nxt_start:nxt_end]) / span
        ax, ay = xs[a], ys[a]
        # twice the triangle's area, expanded: |dx * y_j + dy * x_j + c| (dx, dy, c per bucket)
        dx, dy = ax - avg_x, avg_y - ay
        c = -dx * ay - dy * ax
        areas = [
            abs(dx * y + dy * x + c) for x, y in zip(xs[start:end], ys[start:end], strict=True)
        ]
        best = start + areas.index(max(areas))
        chosen.add(best)
        a = best
    return sorted(i for i in chosen if 0 <= i < n)
