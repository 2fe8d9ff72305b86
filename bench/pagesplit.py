"""Where a page's time goes (issue 20, item 1), for the benchmarks only: each page is requested
in-process through Django's test client (the real middleware, views, templates and database),
with three meters around it:

- SQL: every query's time, through `connection.execute_wrapper`;
- templates: the outermost `Template.render` (includes and inclusion tags are inside it), less
  the SQL run while rendering (a lazy queryset evaluated by the template counts as SQL);
- Python: the rest of the request (middleware, view, serialisation, the test client).

One extra request per page runs under cProfile and names the three functions of the project
with the most own time. Nothing here is imported by the application.
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class _Meter:
    def __init__(self) -> None:
        self.sql = 0.0
        self.sql_in_template = 0.0
        self.template = 0.0
        self.depth = 0
        self.queries = 0

    def sql_wrapper(self, execute: Callable[..., Any], *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(*args)
        finally:
            spent = time.perf_counter() - started
            self.sql += spent
            self.queries += 1
            if self.depth:
                self.sql_in_template += spent


@contextmanager
def _metered(meter: _Meter) -> Iterator[None]:
    from django.db import connection
    from django.template import base

    original = base.Template.render

    def render(self: Any, context: Any) -> Any:
        if meter.depth:
            return original(self, context)
        meter.depth += 1
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            meter.template += time.perf_counter() - started
            meter.depth -= 1

    base.Template.render = render  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(meter.sql_wrapper):
            yield
    finally:
        base.Template.render = original  # type: ignore[method-assign]


def split(client: Any, path: str, runs: int = 15) -> dict[str, Any]:
    """Median per request (ms) of total, SQL, templates (without their SQL) and Python, over
    `runs` warm requests of `path` with `client`; and the top three own-time functions."""
    client.get(path)  # warm (caches, connection, compiled templates)
    rows: list[tuple[float, float, float, float, int]] = []
    for _ in range(runs):
        meter = _Meter()
        with _metered(meter):
            started = time.perf_counter()
            response = client.get(path)
            total = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
        template = meter.template - meter.sql_in_template
        rows.append((total, meter.sql, template, total - meter.sql - template, meter.queries))
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    own = sorted(
        (
            (tottime, f"{func[0].split('/src/')[-1]}:{func[1]} {func[2]}")
            for func, (_cc, _nc, tottime, _ct, _callers) in stats.stats.items()  # type: ignore[attr-defined]
            if "/tailsafe/" in func[0]
        ),
        reverse=True,
    )[:3]

    def med(i: int) -> float:
        return round(statistics.median(r[i] for r in rows) * 1000, 1)

    return {
        "total_ms": med(0),
        "sql_ms": med(1),
        "templates_ms": med(2),
        "python_ms": med(3),
        "queries": rows[-1][4],
        "top_own_time": [f"{name} ({t * 1000:.1f} ms)" for t, name in own],
    }
