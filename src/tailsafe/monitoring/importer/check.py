"""The pass over a file: columns resolved, every row checked, staged, reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from tailsafe.core.stored_text import text
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring import units
from tailsafe.monitoring.importer.base import (
    ALIASES,
    FUTURE_TOLERANCE,
    MAX_CELL_CHARS,
    OPTIONAL,
    REQUIRED,
    FileProblem,
    Options,
    Report,
    ValueOutOfRange,
    problem_text,
)
from tailsafe.monitoring.importer.lookups import Programme, Series
from tailsafe.monitoring.importer.reading import DateParser, convert, level_of, parse_value
from tailsafe.monitoring.importer.staging import Staging

if TYPE_CHECKING:
    from tailsafe.core.models import User

# --- the pass ------------------------------------------------------------------------------


def resolve_columns(header: list[Any], options: Options) -> dict[str, int]:
    """Column index of each field, by the lab's mapping or the usual names; FileProblem
    names the missing ones."""
    names = [str(h).strip().lstrip("\ufeff") for h in header]
    lowered = [n.lower() for n in names]
    index: dict[str, int] = {}
    for fld in (*REQUIRED, *OPTIONAL):
        wanted = options.columns.get(fld)
        candidates = (wanted,) if wanted else ALIASES[fld]
        for cand in candidates:
            if cand.strip().lower() in lowered:
                index[fld] = lowered.index(cand.strip().lower())
                break
    missing = [f for f in REQUIRED if f not in index]
    if missing:
        labels = {
            "point": text(N_("point")),
            "parameter": text(N_("parameter")),
            "taken_at": text(N_("date")),
            "value": text(N_("value")),
        }
        raise FileProblem(
            text(
                N_("Columns not found: %(missing)s. The file has: %(found)s."),
                missing=[
                    text(
                        N_("%(field)s (%(column)s)"),
                        field=labels[m],
                        column=options.columns.get(m) or ALIASES[m][0],
                    )
                    for m in missing
                ],
                found=", ".join(names) or "—",
            )
        )
    return index


@dataclass
class PassResult:
    report: Report
    series: dict[tuple[int, int], Series | None]


def _bad_cells(
    row: list[Any], names: list[str], used: set[int], row_no: int, report: Report
) -> bool:
    """Report text cells that no column can hold: a NUL character anywhere (binary data, which
    PostgreSQL cannot store in text), or a cell of a read column (``used``) that is too long.
    Columns the import does not read, such as free-text remarks, may be as long as they are.
    True when the row had such a cell."""
    bad = False
    for i, cell in enumerate(row):
        if not isinstance(cell, str):
            continue
        column = names[i] if i < len(names) else ""
        if "\x00" in cell:
            report.add(row_no, column, text(N_("The cell contains a NUL character (binary data).")))
            bad = True
        elif i in used and len(cell) > MAX_CELL_CHARS:
            report.add(
                row_no,
                column,
                text(
                    N_("The text is %(length)d characters long; at most %(limit)d are allowed."),
                    length=len(cell),
                    limit=MAX_CELL_CHARS,
                ),
            )
            bad = True
    return bad


def check_rows(
    rows: Iterator[list[Any]],
    options: Options,
    user: User,
    staging: Staging,
    report: Report,
    progress: Callable[[int], None] | None = None,
) -> Programme:
    """Check every row, stage the good ones while the file is still clean, fill the report."""
    programme = Programme(user)
    try:
        header = next(rows)
    except StopIteration:
        raise FileProblem(text(N_("The file is empty."))) from None
    while header is not None and not any(str(c).strip() for c in header):
        header = next(rows, None)  # type: ignore[arg-type]
    if header is None:
        raise FileProblem(text(N_("The file is empty.")))
    cols = resolve_columns(header, options)
    names = [str(h).strip() for h in header]
    width = len(header)
    parse_date = DateParser(options.date_format)
    now = timezone.now() + FUTURE_TOLERANCE
    i_point, i_param, i_time, i_value = (cols[f] for f in REQUIRED)
    i_unit = cols.get("unit")
    i_dl, i_loq = cols.get("detection_limit"), cols.get("quantification_limit")
    used = {i for i in cols.values() if i is not None}
    row_no = 1
    for row in rows:
        row_no += 1
        if not row or not "".join(map(str, row)).strip():
            continue  # blank lines are not data
        report.rows += 1
        if progress is not None and report.rows % 5000 == 0:
            progress(report.rows)
        if len(row) != width and not (
            len(row) > width and not any(str(c).strip() for c in row[width:])
        ):
            report.add(
                row_no,
                "",
                text(
                    N_("Expected %(expected)d columns, found %(found)d."),
                    expected=width,
                    found=len(row),
                ),
            )
            continue
        errors_before = report.error_count
        if _bad_cells(row, names, used, row_no, report):
            continue
        point = programme.point(str(row[i_point]))
        if point is None:
            report.add(
                row_no,
                names[i_point],
                text(N_("Unknown monitoring point %(code)r."), code=str(row[i_point])[:40]),
            )
        elif not programme.may_submit(point):
            report.add(
                row_no,
                names[i_point],
                text(N_("You may submit readings only for the points of your own facilities.")),
            )
        param = programme.parameter(str(row[i_param]))
        if param is None:
            report.add(
                row_no,
                names[i_param],
                text(N_("Unknown parameter %(name)r."), name=str(row[i_param])[:60]),
            )
        taken_at: dt.datetime | None = None
        try:
            taken_at = parse_date(row[i_time])
        except ValueError as exc:
            report.add(row_no, names[i_time], problem_text(exc))
        else:
            if taken_at > now:
                report.add(row_no, names[i_time], text(N_("The date is in the future.")))
        try:
            parsed = parse_value(row[i_value], options.decimal)
        except ValueError as exc:
            report.add(row_no, names[i_value], problem_text(exc))
            parsed = None
        if report.error_count > errors_before or point is None or param is None:
            continue
        if parsed is None or taken_at is None:  # a row error above was reported
            continue
        series = programme.get_series(point, param)
        if series is None:
            report.add(
                row_no,
                names[i_param],
                text(
                    N_("%(param)s is not in the monitoring programme of point %(point)s."),
                    param=param.name,
                    point=point.code,
                ),
            )
            continue
        value, censored = parsed.value, parsed.censored or ""
        unit_text = str(row[i_unit]).strip() if i_unit is not None else ""
        limits: list[float | None] = []
        for index in (i_dl, i_loq):
            limits.append(None)
            cell = row[index] if index is not None else ""
            if index is None or (isinstance(cell, str) and not cell.strip()):
                continue
            try:
                limit = parse_value(cell, options.decimal)
            except ValueError as exc:
                report.add(row_no, names[index], problem_text(exc))
                continue
            if limit.censored or limit.value is None or limit.value < 0:
                report.add(
                    row_no,
                    names[index],
                    text(N_("A detection or quantification limit must be a number of at least 0.")),
                )
                continue
            limits[-1] = limit.value
        if report.error_count > errors_before:
            continue
        try:
            # the value and the sample's limits are in the file's unit; convert them together
            if unit_text:
                if value is not None:
                    value = convert(value, unit_text, series.unit, series.bq_per_mg)
                limits = [
                    None if x is None else convert(x, unit_text, series.unit, series.bq_per_mg)
                    for x in limits
                ]
        except ValueOutOfRange as exc:
            report.add(row_no, names[i_value], problem_text(exc))
            continue
        except units.IncompatibleUnits:
            report.add(
                row_no,
                names[i_unit] if i_unit is not None else "",
                text(
                    N_("%(unit)s cannot be converted to %(target)s, the unit of %(param)s."),
                    unit=unit_text,
                    target=series.unit,
                    param=param.name,
                ),
            )
            continue
        except ValueError:
            report.add(
                row_no,
                names[i_unit] if i_unit is not None else "",
                text(N_("Unknown unit %(unit)r."), unit=unit_text[:20]),
            )
            continue
        detection_limit, quantification_limit = limits
        if value is None:
            # "<DL": the sample's detection limit, else the method's (already in the unit)
            value = detection_limit if detection_limit is not None else series.detection_limit
        if censored == "<" and detection_limit is None:
            detection_limit = value  # a censored value keeps its limit
        if value is not None and value < 0 and series.non_negative:
            report.add(
                row_no,
                names[i_value],
                text(N_("A negative value is impossible for %(param)s."), param=param.name),
            )
            continue
        level = level_of(value, censored, series.classifier)
        series.see(taken_at, level, value)
        verdict = series.verdict(value, censored)
        if verdict:
            series.see_norm(taken_at, verdict, value)
            if verdict == tarp.EXCEEDS:
                report.exceeding += 1
            elif verdict == tarp.INCONCLUSIVE:
                report.inconclusive += 1
        if report.ok:
            staging.add(
                (
                    row_no,
                    point.pk,
                    param.pk,
                    taken_at,
                    value,
                    censored,
                    series.unit,
                    level,
                    detection_limit,
                    quantification_limit,
                    verdict,
                )
            )
    if report.rows == 0 and report.ok:
        raise FileProblem(text(N_("The file has a header but no data rows.")))
    if report.ok:
        staging.flush()
    return programme
