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
   thresholds.level_case_sql) and stores them. The unique
   (point, parameter, time) constraint catches duplicates in the file and against the
   database.

Whenever anything is not clean (a text no lookup accepts, a row that would be refused, a
duplicate, a quote character, an odd line structure, an encoding PostgreSQL rejects) the bulk
path stores nothing and answers False: the caller then runs the checked path, which writes the
row-by-row report in the user's language. So the bulk path never decides what is wrong with a
file, only that a file is entirely right; tests/monitoring/test_bulk.py checks that both paths
store the same rows."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

import psycopg
from django.db import DatabaseError, connection, transaction

from tailsafe.monitoring import importer
from tailsafe.monitoring import thresholds as tarp

if TYPE_CHECKING:
    from tailsafe.core.models import User

from tailsafe.monitoring.bulk.base import (
    NORM_COUNT,
    NORM_FIRST,
    NORM_NEWEST,
    PG_ENCODINGS,
    NotClean,
    _Names,
    _r,
)
from tailsafe.monitoring.bulk.lookups import (
    _check_limits,
    _date_lookup,
    _series_lookup,
    _value_lookup,
)
from tailsafe.monitoring.bulk.rows import _copy, _summaries


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
                   {tarp.limit_case_sql("rising", "n_max")} AS r_max,
                   {tarp.limit_case_sql("falling", "n_min")} AS r_min
            FROM converted
        ), stored AS (
            INSERT INTO monitoring_observation
                (point_id, parameter_id, taken_at, value, censored, unit, level,
                 detection_limit, quantification_limit, norm_result, batch_id, entered_by_id)
            SELECT point_id, parameter_id, taken_at, v, censored, unit,
                {tarp.level_case_sql()}, det, loq, {tarp.worst_case_sql("r_max", "r_min")},
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
