"""Steps 1 and 3 of the bulk path around the insert: the file COPYed as it is into a temporary
table, and what the insert stored read back (per-series summaries, the stored keys)."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django.db import connection

from tailsafe.monitoring import importer
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring.bulk.base import (
    BLOCK,
    NORM_COUNT,
    NORM_FIRST,
    NORM_NEWEST,
    NotClean,
    _literal,
)


def _copy(
    raw: IO[bytes],
    table: str,
    width: int,
    delimiter: str,
    encoding: str,
    progress: Callable[[int], None] | None,
) -> int:
    """COPY the file into a text table; returns its data rows. Declines a file with quotes
    or a line structure other than one record per line (the row numbers must be the lines)."""
    columns = ", ".join(f"c{i}" for i in range(width))
    typed = ", ".join(f"c{i} text" for i in range(width))
    newlines = 0
    last = b""
    with connection.cursor() as cur:
        cur.execute(f"CREATE TEMPORARY TABLE {table} ({typed})")
        # FORCE_NOT_NULL: an empty cell is "" (as Python's csv reads it), never NULL
        options = (
            f"FORMAT csv, DELIMITER {_literal(delimiter)}, HEADER true, "
            f"ENCODING '{encoding}', FORCE_NOT_NULL ({columns})"
        )
        with cur.cursor.copy(f"COPY {table} ({columns}) FROM STDIN ({options})") as copy:
            while block := raw.read(BLOCK):
                if b'"' in block or b"\r" in block.replace(b"\r\n", b"\n"):
                    raise NotClean("quotes or bare carriage returns")
                newlines += block.count(b"\n")
                last = block[-1:]
                copy.write(block)
        rows = int(cur.cursor.rowcount)
        cur.execute(f"ANALYZE {table}")  # the planner must know it holds `rows` rows
    if progress is not None:  # not during the COPY: the connection is busy with it
        progress(rows)
    lines = newlines + (1 if last and last != b"\n" else 0)
    if rows != lines - 1:
        raise NotClean(f"{rows} records on {lines} lines")
    return rows


def _summaries(
    series: dict[tuple[int, int], importer.Series | None],
    result: list[tuple[Any, ...]],
    report: importer.Report,
) -> None:
    """What the file did to each series (newest reading, worst reading, and against the norm)
    as the checked path records it with importer.Series.see and see_norm: from the readings
    above normal returned by the INSERT, and the readings named by the summary rows (newest,
    first beyond the norm, newest conclusive) read back through the unique index."""
    by_key = {(s.point_id, s.parameter_id): s for s in series.values() if s is not None}
    newest = []
    norm_keys = []
    for p, q, taken_at, value, level, count in result:
        if count:
            newest.append((p, q, taken_at))
        elif level in (NORM_FIRST, NORM_NEWEST):
            norm_keys.append((p, q, taken_at))
        elif level.startswith(NORM_COUNT):
            verdict = level[len(NORM_COUNT) :]
            if verdict == tarp.EXCEEDS:
                report.exceeding += int(value)
            else:
                report.inconclusive += int(value)
        else:
            by_key[(p, q)].see(taken_at, level, value)
    for p, q, taken_at, value, level, _verdict in _read_back(newest):
        by_key[(p, q)].see(taken_at, level, value)
    for p, q, taken_at, value, _level, verdict in _read_back(sorted(set(norm_keys))):
        by_key[(p, q)].see_norm(taken_at, verdict, value)


def _read_back(keys: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    if not keys:
        return []
    with connection.cursor() as cur:
        marks = ", ".join(["(%s, %s, %s)"] * len(keys))
        cur.execute(
            "SELECT o.point_id, o.parameter_id, o.taken_at, o.value, o.level, o.norm_result "
            f"FROM monitoring_observation o JOIN (VALUES {marks}) AS k(p, q, t) "
            "ON o.point_id = k.p AND o.parameter_id = k.q AND o.taken_at = k.t",
            [v for key in keys for v in key],
        )
        return list(cur.fetchall())
