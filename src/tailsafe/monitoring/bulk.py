"""The PostgreSQL bulk path of the lab-file import: the same rules as the checked path, in SQL.

The checked path (importer.check_rows) reads every cell in Python; at a million rows that is
most of the import's time. On PostgreSQL, a plain CSV file goes this way instead:

1. the file is COPYed as it is into a temporary table of text columns (PostgreSQL parses the
   CSV and decodes UTF-8 or Windows-1251);
2. three scans collect the distinct point/parameter/unit triples, the distinct date texts and
   the value texts that are not plain numbers; Python reads each distinct text with the very
   functions of the checked path (Programme, DateParser, parse_value, convert) into small
   temporary lookup tables;
3. one INSERT ... SELECT joins the rows to the lookups, converts units, computes the TARP
   level (the rule of thresholds.classify, its CASE written from the same definitions by
   level_case_sql) and stores them. The unique
   (point, parameter, time) constraint catches duplicates in the file and against the
   database.

Whenever anything is not clean (a text no lookup accepts, a row that would be refused, a
duplicate, a quote character, an odd line structure, an encoding PostgreSQL rejects) the bulk
path stores nothing and answers False: the caller then runs the checked path, which writes the
row-by-row report in the user's language. So the bulk path never decides what is wrong with a
file, only that a file is entirely right; tests/monitoring/test_bulk.py checks that both paths
store the same rows.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

import psycopg
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tailsafe.monitoring import importer
from tailsafe.monitoring import thresholds as tarp

if TYPE_CHECKING:
    from tailsafe.core.models import User

PLAIN_NUMBER = {",": r"^-?[0-9]+([.,][0-9]+)?$", ".": r"^-?[0-9]+(\.[0-9]+)?$"}
"""Value texts SQL converts itself (float8 of the text, comma read as point); every other
text goes through importer.parse_value."""

PG_ENCODINGS = {"utf-8-sig": "UTF8", "utf-8": "UTF8", "utf8": "UTF8", "cp1251": "WIN1251"}
BLOCK = 1 << 20


class NotClean(Exception):
    """The file needs the checked path (the reason is for logs and tests only)."""


def applies(file_name: str) -> bool:
    return connection.vendor == "postgresql" and not file_name.lower().endswith(".xlsx")


def import_file(
    raw: IO[bytes],
    options: importer.Options,
    user: User,
    tag: int,
    batch_id: int | None,
    store: Callable[[list[importer.Series], Callable[[], int]], None],
    report: importer.Report,
    progress: Callable[[int], None] | None = None,
) -> bool:
    """Import a clean CSV file in bulk (True), or store nothing and return False.

    ``store(series, insert)`` is called inside the transaction: it runs ``insert()`` (which
    returns the number of rows stored) and records what the new readings cause (alert events);
    an exception from it rolls everything back."""
    names = _Names(tag)
    try:
        with transaction.atomic():
            return _run(raw, options, user, names, batch_id, store, report, progress)
    except (
        NotClean,
        importer.FileProblem,
        DatabaseError,
        psycopg.Error,
        UnicodeError,
        csv.Error,
    ) as exc:
        report.path = "checked"
        report.bulk_declined = f"{exc.__class__.__name__}: {exc}"[:300]
        raw.seek(0)
        report.rows = 0
        return False
    finally:
        names.drop()


class _Names:
    def __init__(self, tag: int) -> None:
        base = f"mon_bulk_{abs(tag)}"
        self.raw, self.series, self.dates, self.values = (
            f"{base}_raw",
            f"{base}_series",
            f"{base}_dates",
            f"{base}_values",
        )

    def drop(self) -> None:
        with connection.cursor() as cur:
            for name in (self.raw, self.series, self.dates, self.values):
                cur.execute(f"DROP TABLE IF EXISTS {name}")


def _run(
    raw: IO[bytes],
    options: importer.Options,
    user: User,
    names: _Names,
    batch_id: int | None,
    store: Callable[[list[importer.Series], Callable[[], int]], None],
    report: importer.Report,
    progress: Callable[[int], None] | None,
) -> bool:
    clock = time.perf_counter()
    text, chosen = importer.open_text(raw, options.encoding)
    pg_encoding = PG_ENCODINGS.get(chosen.lower())
    if pg_encoding is None:
        raise NotClean(f"encoding {chosen}")
    try:
        first = text.readline()
    finally:
        text.detach()  # the wrapper must not close the caller's stream
    if not first.strip():
        raise NotClean("the first line is not a header")
    delimiter = importer.detect_delimiter(first, options.delimiter)
    header = next(csv.reader([first], delimiter=delimiter))
    cols = importer.resolve_columns(header, options)  # FileProblem: the checked path reports
    raw.seek(0)
    width = len(header)
    report.encoding = chosen

    rows = _copy(raw, names.raw, width, delimiter, pg_encoding, progress)
    if rows == 0:
        raise NotClean("no data rows")
    report.rows = rows
    report.timings["bulk_copy_s"] = time.perf_counter() - clock

    clock = time.perf_counter()
    c_point, c_param, c_time, c_value = (f"c{cols[f]}" for f in importer.REQUIRED)
    c_unit = f"c{cols['unit']}" if "unit" in cols else "''"
    programme = importer.Programme(user)
    series = _series_lookup(names, programme, c_point, c_param, c_unit)
    _date_lookup(names, options, c_time)
    _value_lookup(names, options, c_value)
    report.timings["bulk_lookups_s"] = time.perf_counter() - clock

    c_dl = f"r.c{cols['detection_limit']}" if "detection_limit" in cols else "NULL::text"
    c_loq = f"r.c{cols['quantification_limit']}" if "quantification_limit" in cols else "NULL::text"
    _check_limits(names, options, [c for c in (c_dl, c_loq) if c.startswith("r.")])
    insert_sql = f"""
        WITH typed AS (
            SELECT s.point_id, s.parameter_id, s.unit, s.rising, s.nonneg, s.factor, s.dl,
                   s.n_min, s.n_max, s.t_alert, s.t_alarm, s.t_emergency, d.ts AS taken_at,
                   CASE WHEN v.txt IS NULL THEN replace(r.{c_value}, ',', '.')::float8
                        ELSE v.value END AS v0,
                   replace(nullif(trim({c_dl}), ''), ',', '.')::float8 AS dl0,
                   replace(nullif(trim({c_loq}), ''), ',', '.')::float8 AS loq0,
                   coalesce(v.censored, '') AS censored
            FROM {names.raw} r
            JOIN {names.series} s ON s.p_txt = r.{c_point}
                AND s.q_txt = r.{c_param} AND s.u_txt = {_r(c_unit)}
            JOIN {names.dates} d ON d.txt = r.{c_time}
            LEFT JOIN {names.values} v ON v.txt = r.{c_value}
        ), converted AS (
            -- the value and the sample's limits are in the file's unit: converted together;
            -- "<DL" takes the sample's detection limit, else the method's (in the unit)
            SELECT *, coalesce(v0 * factor, dl0 * factor, dl) AS v, dl0 * factor AS dl1,
                   loq0 * factor AS loq
            FROM typed
            WHERE (factor IS NOT NULL OR (v0 IS NULL AND dl0 IS NULL AND loq0 IS NULL))
              AND NOT coalesce(dl0 < 0 OR loq0 < 0, false)
        ), judged AS (
            SELECT *, coalesce(dl1, CASE WHEN censored = '<' THEN v END) AS det,
                   {limit_case_sql("rising", "n_max")} AS r_max,
                   {limit_case_sql("falling", "n_min")} AS r_min
            FROM converted
        ), stored AS (
            INSERT INTO monitoring_observation
                (point_id, parameter_id, taken_at, value, censored, unit, level,
                 detection_limit, quantification_limit, norm_result, batch_id, entered_by_id)
            SELECT point_id, parameter_id, taken_at, v, censored, unit,
                {level_case_sql()}, det, loq, {worst_case_sql("r_max", "r_min")},
                %s, %s
            FROM judged
            WHERE NOT (nonneg AND v < 0)
            RETURNING point_id, parameter_id, taken_at, value, level, norm_result
        )
        SELECT point_id, parameter_id, max(taken_at), NULL::float8, NULL, count(*)
        FROM stored GROUP BY point_id, parameter_id
        UNION ALL
        SELECT point_id, parameter_id, taken_at, value, level, 0
        FROM stored WHERE level <> 'normal'
        UNION ALL
        SELECT point_id, parameter_id, min(taken_at), NULL, '{NORM_FIRST}', 0
        FROM stored WHERE norm_result = '{tarp.EXCEEDS}' GROUP BY point_id, parameter_id
        UNION ALL
        SELECT point_id, parameter_id, max(taken_at), NULL, '{NORM_NEWEST}', 0
        FROM stored WHERE norm_result IN ('{tarp.EXCEEDS}', '{tarp.WITHIN}')
        GROUP BY point_id, parameter_id
        UNION ALL
        SELECT NULL, NULL, NULL, count(*), '{NORM_COUNT}' || norm_result, 0
        FROM stored WHERE norm_result IN ('{tarp.EXCEEDS}', '{tarp.INCONCLUSIVE}')
        GROUP BY norm_result
    """

    def insert() -> int:
        clock = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(insert_sql, [batch_id, getattr(user, "pk", None)])
            result = cur.fetchall()
        report.timings["bulk_insert_s"] = time.perf_counter() - clock
        imported = sum(int(n) for *_, n in result)
        if imported != rows:
            # a row no lookup matched, a value whose unit cannot be converted, a negative
            # value: the checked path says which
            raise NotClean(f"{rows - imported} rows would be refused")
        _summaries(series, result, report)
        return imported

    store([s for s in series.values() if s is not None], insert)
    report.path = "bulk"
    return True


def level_case_sql(value: str = "v", censored: str = "censored", rising: str = "rising") -> str:
    """The TARP level rule as an SQL CASE, written from thresholds.REACHES,
    thresholds.UNINFORMATIVE_CENSOR and thresholds.THRESHOLD_KEYS (the rule's one home), over
    the threshold columns t_alert, t_alarm, t_emergency (NULL: no such threshold)."""
    normal = tarp.LEVELS[0]

    def ladder(direction: str) -> str:
        op = tarp.REACHES[direction]
        steps = " ".join(
            f"WHEN {value} {op} t_{key} THEN '{key}'" for key in reversed(tarp.THRESHOLD_KEYS)
        )
        return f"CASE {steps} ELSE '{normal}' END"

    quiet = tarp.UNINFORMATIVE_CENSOR
    return (
        f"CASE WHEN {value} IS NULL THEN '{normal}' "
        f"WHEN {rising} AND {censored} = '{quiet['rising']}' THEN '{normal}' "
        f"WHEN NOT {rising} AND {censored} = '{quiet['falling']}' THEN '{normal}' "
        f"WHEN {rising} THEN {ladder('rising')} ELSE {ladder('falling')} END"
    )


NORM_FIRST, NORM_NEWEST, NORM_COUNT = "norm:first", "norm:newest", "norm:count:"
"""Markers in the level column of the insert's summary rows (never a level)."""


def limit_case_sql(direction: str, limit: str, value: str = "v", censored: str = "censored") -> str:
    """thresholds.compare_with_limit as an SQL CASE, written from its COMPARISON_TABLE (the
    rule's one home): NULL without a limit, inconclusive for a "not detected" reading whose
    detection limit is unknown (as importer.Series.verdict)."""
    whens = " ".join(
        f"WHEN {censored} = '{c}' THEN CASE WHEN {value} {op} {limit} THEN '{yes}' ELSE '{no}' END"
        for (c, d), (op, yes, no) in tarp.COMPARISON_TABLE.items()
        if d == direction
    )
    return (
        f"CASE WHEN {limit} IS NULL THEN NULL WHEN {value} IS NULL THEN '{tarp.INCONCLUSIVE}' "
        f"{whens} END"
    )


def worst_case_sql(*verdicts: str) -> str:
    """thresholds.worst_verdict of several limit verdicts as SQL; '' when all are NULL."""
    cols = ", ".join(verdicts)
    whens = " ".join(f"WHEN '{v}' IN ({cols}) THEN '{v}'" for v in reversed(tarp.VERDICTS))
    return f"CASE {whens} ELSE '' END"


def _check_limits(names: _Names, options: importer.Options, columns: list[str]) -> None:
    """The DL/LOQ cells SQL reads must be plain numbers (or empty): otherwise the checked
    path reads them and reports."""
    pattern = PLAIN_NUMBER[options.decimal if options.decimal in PLAIN_NUMBER else ","]
    with connection.cursor() as cur:
        for column in columns:
            cur.execute(
                f"SELECT 1 FROM {names.raw} r WHERE trim({column}) <> '' "
                f"AND trim({column}) !~ %s LIMIT 1",
                [pattern],
            )
            if cur.fetchone() is not None:
                raise NotClean("a detection or quantification limit is not a plain number")


def _r(column: str) -> str:
    return column if column == "''" else f"r.{column}"


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


def _literal(delimiter: str) -> str:
    return "E'\\t'" if delimiter == "\t" else f"'{delimiter}'"


def _series_lookup(
    names: _Names, programme: importer.Programme, c_point: str, c_param: str, c_unit: str
) -> dict[tuple[int, int], importer.Series | None]:
    """Every distinct (point, parameter, unit) text to its series, unit factor and rule."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT DISTINCT r.{c_point}, r.{c_param}, {_r(c_unit)} FROM {names.raw} r")
        triples = cur.fetchall()
        cur.execute(
            f"CREATE TEMPORARY TABLE {names.series} (p_txt text, q_txt text, u_txt text, "
            "point_id bigint, parameter_id bigint, unit text, factor float8, nonneg boolean, "
            "dl float8, rising boolean, t_alert float8, t_alarm float8, t_emergency float8, "
            "n_min float8, n_max float8)"
        )
        programme.preload({t[0] for t in triples}, {(t[0], t[1]) for t in triples})
        lookup: list[tuple[Any, ...]] = []
        for p_txt, q_txt, u_txt in triples:
            point = programme.point(p_txt)
            if point is None or not programme.may_submit(point):
                raise NotClean("unknown or foreign point")
            param = programme.parameter(q_txt)
            if param is None:
                raise NotClean("unknown parameter")
            series = programme.get_series(point, param)
            if series is None:
                raise NotClean("not in the programme")
            factor: float | None = 1.0
            unit_text = u_txt.strip()
            if unit_text:
                try:
                    factor = importer.convert(1.0, unit_text, series.unit, series.bq_per_mg)
                except ValueError:
                    factor = None  # refused only where a value needs converting
            rule = series.thresholds
            lookup.append(
                (
                    p_txt,
                    q_txt,
                    u_txt,
                    point.pk,
                    param.pk,
                    series.unit,
                    factor,
                    series.non_negative,
                    series.detection_limit,
                    series.direction == "rising",
                    rule.get("alert"),
                    rule.get("alarm"),
                    rule.get("emergency"),
                    series.norm_min,
                    series.norm_max,
                )
            )
        _fill(cur, names.series, lookup)
    return programme.series


def _date_lookup(names: _Names, options: importer.Options, c_time: str) -> None:
    parse = importer.DateParser(options.date_format)
    latest = timezone.now() + importer.FUTURE_TOLERANCE
    with connection.cursor() as cur:
        cur.execute(f"SELECT DISTINCT {c_time} FROM {names.raw}")
        texts = [t for (t,) in cur.fetchall()]
        cur.execute(f"CREATE TEMPORARY TABLE {names.dates} (txt text, ts timestamptz)")
        lookup = []
        for txt in texts:
            try:
                when = parse(txt)
            except ValueError:
                raise NotClean("a date cannot be read") from None
            if when > latest:
                raise NotClean("a date in the future")
            lookup.append((txt, when))
        _fill(cur, names.dates, lookup)


def _value_lookup(names: _Names, options: importer.Options, c_value: str) -> None:
    pattern = PLAIN_NUMBER[options.decimal if options.decimal in PLAIN_NUMBER else ","]
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT DISTINCT {c_value} FROM {names.raw} WHERE {c_value} !~ %s",
            [pattern],
        )
        texts = [t for (t,) in cur.fetchall()]
        cur.execute(
            f"CREATE TEMPORARY TABLE {names.values} (txt text, value float8, censored text)"
        )
        lookup = []
        for txt in texts:
            try:
                parsed = importer.parse_value(txt, options.decimal)
            except ValueError:
                raise NotClean("a value cannot be read") from None
            lookup.append((txt, parsed.value, parsed.censored or ""))
        _fill(cur, names.values, lookup)


def _fill(cur: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    with cur.cursor.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cur.execute(f"ANALYZE {table}")


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
