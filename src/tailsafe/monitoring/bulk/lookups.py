"""Step 2 of the bulk path: the distinct series, date and value texts of the file, read by the
very functions of the checked path into small temporary lookup tables."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone

from tailsafe.monitoring import importer
from tailsafe.monitoring.bulk.base import PLAIN_NUMBER, NotClean, _fill, _Names, _r


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
