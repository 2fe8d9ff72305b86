"""Reading laboratory files (CSV, XLSX) into observations, all or nothing (T6).

The file is streamed row by row, never loaded whole: CSV through a TextIOWrapper over the
binary upload, XLSX through openpyxl's read-only mode. Every row is checked (point, parameter,
programme, date, value, unit, sign) and its TARP level computed with thresholds.classify; the
good rows go to a temporary staging table (COPY on PostgreSQL). Duplicates inside the file and
against the database are found with SQL on that table. If anything is wrong the staging table
is dropped and nothing is stored; otherwise one INSERT ... SELECT moves the rows, in one
transaction with the alert events they cause.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import connection
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.permissions import Perm, has_perm
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring import units
from tailsafe.monitoring.models import MonitoringPoint, Parameter, PointParameter

MAX_MESSAGES = 1000
"""Row messages kept in a report; the rest are counted."""

FUTURE_TOLERANCE = dt.timedelta(minutes=10)

REQUIRED = ("point", "parameter", "taken_at", "value")

ALIASES: dict[str, tuple[str, ...]] = {
    "point": ("point", "point code", "точка", "пункт", "код точки", "пункт отбора", "station"),
    "parameter": ("parameter", "показатель", "параметр", "компонент", "определяемый показатель"),
    "taken_at": (
        "taken_at",
        "date",
        "datetime",
        "sampled",
        "дата",
        "дата отбора",
        "дата и время отбора",
    ),
    "value": ("value", "result", "значение", "результат", "концентрация"),
    "unit": ("unit", "units", "ед. изм.", "ед.изм.", "единица", "единицы", "ед."),
}

_DATE_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y", "%Y-%m-%d %H:%M")


class FileProblem(Exception):
    """The file as a whole cannot be read (encoding, empty, missing columns)."""


@dataclass
class Options:
    """How to read a file (from a lab's ColumnMapping, or the defaults)."""

    columns: dict[str, str] = field(default_factory=dict)
    encoding: str = "auto"
    decimal: str = ","
    delimiter: str = "auto"
    date_format: str = ""

    @classmethod
    def from_mapping(cls, mapping: Any) -> Options:
        if mapping is None:
            return cls()
        return cls(
            columns={k: v for k, v in (mapping.columns or {}).items() if v},
            encoding=mapping.encoding,
            decimal=mapping.decimal,
            delimiter=mapping.delimiter,
            date_format=mapping.date_format,
        )


@dataclass
class Report:
    """The row-by-row report: row 1 is the header, as a spreadsheet numbers it."""

    rows: int = 0
    error_count: int = 0
    messages: list[dict[str, Any]] = field(default_factory=list)
    encoding: str = ""
    imported: int = 0
    events: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    path: str = "checked"
    """"bulk" (PostgreSQL, monitoring/bulk.py) or "checked" (row by row, this module)."""
    bulk_declined: str = ""
    """Why the bulk path left the file to the checked path (for operators, not users)."""

    def add(self, row: int | None, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append({"row": row, "column": column, "message": message})

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "errors": self.error_count,
            "messages": self.messages,
            "more": max(0, self.error_count - len(self.messages)),
            "encoding": self.encoding,
            "imported": self.imported,
            "events": self.events,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "path": self.path,
        }


# --- reading -------------------------------------------------------------------------------


def open_text(raw: IO[bytes], encoding: str = "auto") -> tuple[io.TextIOWrapper, str]:
    """Wrap a binary stream as text. "auto": UTF-8 (BOM allowed) if the first 64 KiB decode,
    else Windows-1251; a stream that decodes in neither raises FileProblem."""
    if encoding == "auto":
        start = raw.read(65536)
        raw.seek(0)
        chosen = ""
        for candidate in ("utf-8-sig", "cp1251"):
            try:
                codecs.getincrementaldecoder(candidate)().decode(start, final=False)
            except UnicodeDecodeError:
                continue
            chosen = candidate
            break
        if not chosen:
            raise FileProblem(
                _("The file is neither UTF-8 nor Windows-1251 text. Save it as CSV (UTF-8).")
            )
    else:
        chosen = "utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding
    return io.TextIOWrapper(raw, encoding=chosen, newline=""), chosen


def detect_delimiter(first_line: str, delimiter: str = "auto") -> str:
    """The delimiter a mapping names ("tab" is a tab), or for "auto" the most frequent of
    ";", "," and tab in the header line (";" when none)."""
    if delimiter == "tab":
        return "\t"
    if delimiter != "auto":
        return delimiter
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"


def csv_rows(text: io.TextIOWrapper, delimiter: str = "auto") -> Iterator[list[str]]:
    if delimiter == "auto":
        sample = text.read(16384)
        text.seek(0)
        delimiter = detect_delimiter(sample.splitlines()[0] if sample else "")
    else:
        delimiter = detect_delimiter("", delimiter)
    yield from csv.reader(text, delimiter=delimiter)


def xlsx_rows(raw: IO[bytes]) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(raw, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileProblem(
            _("The spreadsheet cannot be opened: %(error)s") % {"error": exc}
        ) from exc
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if cell is None else cell for cell in row]
    finally:
        book.close()


# --- cell parsing --------------------------------------------------------------------------


def parse_value(cell: Any, decimal: str) -> units.ParsedValue:
    """A value cell: a number (fast path) or a laboratory notation ("<0,001", "н/о")."""
    if isinstance(cell, bool):
        raise ValueError(_("Not a number."))
    if isinstance(cell, int | float):
        number = float(cell)
        if not math.isfinite(number):
            raise ValueError(_("Not a number."))
        return units.ParsedValue(number, None)
    text = str(cell).strip()
    if decimal == "." and "," in text:
        raise ValueError(
            _("A comma in the value, but this laboratory's decimal separator is a point.")
        )
    if text and text[0] not in "<>" and "_" not in text:
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            pass
        else:
            if math.isfinite(number):
                return units.ParsedValue(number, None)
    try:
        return units.parse_lab_value(text)
    except ValueError:
        raise ValueError(
            _("Cannot read the value %(value)r: expected a number such as 0,015 or <0,001.")
            % {"value": text[:40]}
        ) from None


class DateParser:
    """Dates with a small cache: a lab file repeats the same sampling times many times."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.tz = timezone.get_current_timezone()
        self.cache: dict[str, dt.datetime] = {}

    def __call__(self, cell: Any) -> dt.datetime:
        if isinstance(cell, dt.datetime):
            return cell if timezone.is_aware(cell) else timezone.make_aware(cell, self.tz)
        if isinstance(cell, dt.date):
            return timezone.make_aware(dt.datetime.combine(cell, dt.time()), self.tz)
        text = str(cell).strip()
        hit = self.cache.get(text)
        if hit is not None:
            return hit
        value = self._parse(text)
        if len(self.cache) > 20000:
            self.cache.clear()
        self.cache[text] = value
        return value

    def _parse(self, text: str) -> dt.datetime:
        parsed: dt.datetime | None = _fast_date(text) if not self.fmt else None
        if parsed is not None:
            pass
        elif self.fmt:
            try:
                parsed = dt.datetime.strptime(text, self.fmt)
            except ValueError:
                parsed = None
        else:
            try:
                parsed = dt.datetime.fromisoformat(text)
            except ValueError:
                for fmt in _DATE_FORMATS:
                    try:
                        parsed = dt.datetime.strptime(text, fmt)
                        break
                    except ValueError:
                        continue
        if parsed is None:
            raise ValueError(
                _("Cannot read the date %(value)r: expected e.g. 2025-03-14 09:30 or 14.03.2025.")
                % {"value": text[:40]}
            )
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=self.tz)
        return parsed


def _fast_date(text: str) -> dt.datetime | None:
    """dd.mm.yyyy[ HH:MM[:SS]] and yyyy-mm-dd[ HH:MM[:SS]] without strptime (None: other)."""
    n = len(text)
    try:
        if n >= 10 and text[2] == "." and text[5] == ".":
            day, month, year = int(text[0:2]), int(text[3:5]), int(text[6:10])
        elif n >= 10 and text[4] == "-" and text[7] == "-":
            year, month, day = int(text[0:4]), int(text[5:7]), int(text[8:10])
        else:
            return None
        if n == 10:
            return dt.datetime(year, month, day)
        if text[10] in " T" and text[13] == ":" and n in (16, 19):
            second = int(text[17:19]) if n == 19 and text[16] == ":" else 0
            if n == 19 and text[16] != ":":
                return None
            return dt.datetime(year, month, day, int(text[11:13]), int(text[14:16]), second)
    except (ValueError, IndexError):
        return None
    return None


def row_level(value: float | None, censored: str, rule: dict[str, float], direction: str) -> str:
    return level_of(value, censored, Classifier(rule, direction))


class Classifier:
    """thresholds.classify for one series, its thresholds validated once (not once per row).

    Same rule as thresholds.classify (tests/monitoring/test_classifier.py checks equality)."""

    def __init__(self, rule: dict[str, float], direction: str) -> None:
        tarp.validate_thresholds(rule, direction)
        self.direction = direction
        self.steps = [(k, float(rule[k])) for k in reversed(tarp.THRESHOLD_KEYS) if k in rule]

    def __call__(self, value: float) -> str:
        if value != value:  # NaN
            return tarp.classify(value, {}, self.direction)  # raises as classify does
        if self.direction == "rising":
            for key, threshold in self.steps:
                if value >= threshold:
                    return key
        else:
            for key, threshold in self.steps:
                if value <= threshold:
                    return key
        return "normal"


def level_of(value: float | None, censored: str, classifier: Classifier) -> str:
    """TARP level of one reading (thresholds.classify), censored values read conservatively:
    "<x" only says the true value is below x, so it raises no level for a rising parameter;
    ">x" is at least x. A "not detected" value without a limit is normal."""
    if value is None:
        return "normal"
    if censored == "<" and classifier.direction == "rising":
        return "normal"
    if censored == ">" and classifier.direction == "falling":
        return "normal"
    return classifier(value)


_FACTORS: dict[tuple[str, str], float | Exception] = {}


def convert(value: float, unit: str, target: str) -> float:
    """units.convert with the factor cached per (unit, target); errors cached too."""
    key = (unit, target)
    factor = _FACTORS.get(key)
    if factor is None:
        try:
            factor = units.convert(1.0, unit, target)
        except ValueError as exc:  # IncompatibleUnits is a ValueError
            factor = exc
        if len(_FACTORS) < 1000:
            _FACTORS[key] = factor
    if isinstance(factor, Exception):
        raise factor
    return value if factor == 1.0 else value * factor


# --- the programme: lookups ----------------------------------------------------------------


@dataclass
class Series:
    """A point-parameter as the importer needs it, resolved once per file."""

    pp_id: int
    point_id: int
    parameter_id: int
    unit: str
    non_negative: bool
    detection_limit: float | None
    thresholds: dict[str, float]
    direction: str
    classifier: Classifier
    # what this file does to the series (for the alert events)
    worst_rank: int = 0
    worst_at: dt.datetime | None = None
    worst_value: float | None = None
    latest_at: dt.datetime | None = None
    latest_level: str = "normal"
    latest_value: float | None = None

    def see(self, taken_at: dt.datetime, level: str, value: float | None) -> None:
        rank = tarp.level_rank(level)
        if rank > self.worst_rank or (
            rank == self.worst_rank
            and rank
            and self.worst_at is not None
            and taken_at < self.worst_at
        ):
            self.worst_rank, self.worst_at, self.worst_value = rank, taken_at, value
        if self.latest_at is None or taken_at > self.latest_at:
            self.latest_at, self.latest_level, self.latest_value = taken_at, level, value


class Programme:
    """Points, parameters and their programme, looked up lazily and cached per file."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.points: dict[str, MonitoringPoint | None] = {}
        self.params: dict[str, Parameter] = {}
        for p in Parameter.objects.all():
            for key in (p.code, p.name_ru, p.name_en, p.name_tg):
                if key:
                    self.params.setdefault(key.strip().lower(), p)
        self.series: dict[tuple[int, int], Series | None] = {}
        self.own_only = not (
            has_perm(user, Perm.MANAGE_MONITORING) or has_perm(user, Perm.HANDLE_ALERTS)
        )

    def point(self, code: str) -> MonitoringPoint | None:
        hit = self.points.get(code)
        if hit is not None:
            return hit
        key = code.strip().lower()
        if key not in self.points:
            self.points[key] = (
                MonitoringPoint.objects.select_related("facility")
                .filter(code__iexact=key, active=True)
                .first()
            )
        if self.points[key] is not None:
            self.points[code] = self.points[key]
        return self.points[key]

    def parameter(self, name: str) -> Parameter | None:
        hit = self.params.get(name)
        if hit is None:
            hit = self.params.get(name.strip().lower())
            if hit is not None and len(self.params) < 100000:
                self.params[name] = hit
        return hit

    def may_submit(self, point: MonitoringPoint) -> bool:
        """Operators submit only for the points of their own institution's facilities."""
        if not self.own_only:
            return True
        inst = getattr(self.user, "institution_id", None)
        return inst is not None and point.facility.operator_id == inst

    def get_series(self, point: MonitoringPoint, param: Parameter) -> Series | None:
        key = (point.pk, param.pk)
        if key not in self.series:
            pp = (
                PointParameter.objects.select_related("parameter", "norm", "point")
                .filter(point=point, parameter=param)
                .first()
            )
            self.series[key] = None if pp is None else self._series_of(pp)
        return self.series[key]

    def preload(self, codes: Iterable[str], pairs: Iterable[tuple[str, str]]) -> None:
        """Look up many points and their series in two queries (the bulk path knows every
        distinct code of a file at once); point() and get_series() then answer from memory."""
        keys = {code.strip().lower() for code in codes} - set(self.points)
        if keys:
            found = (
                MonitoringPoint.objects.select_related("facility")
                .annotate(code_lower=Lower("code"))
                .filter(code_lower__in=keys, active=True)
                .order_by("pk")
            )
            for found_point in found:
                self.points.setdefault(found_point.code_lower, found_point)
            for key in keys:
                self.points.setdefault(key, None)
        wanted: set[tuple[int, int]] = set()
        for code, name in pairs:
            point, param = self.point(code), self.parameter(name)
            if point is not None and param is not None:
                wanted.add((point.pk, param.pk))
        todo = wanted - set(self.series)
        if not todo:
            return
        for pp in PointParameter.objects.select_related("parameter", "norm", "point").filter(
            point_id__in={p for p, _q in todo}, parameter_id__in={q for _p, q in todo}
        ):
            self.series[(pp.point_id, pp.parameter_id)] = self._series_of(pp)
        for pair in todo:
            self.series.setdefault(pair, None)

    def _series_of(self, pp: PointParameter) -> Series:
        try:
            rule = pp.resolved_thresholds()
            tarp.validate_thresholds(rule, pp.direction)
        except (ValueError, Exception):  # a misconfigured programme: no levels
            rule = {}
        return Series(
            pp_id=pp.pk,
            point_id=pp.point_id,
            parameter_id=pp.parameter_id,
            unit=pp.parameter.unit,
            non_negative=pp.parameter.non_negative,
            detection_limit=pp.parameter.detection_limit,
            thresholds=rule,
            direction=pp.direction,
            classifier=Classifier(rule, pp.direction),
        )


# --- staging -------------------------------------------------------------------------------

STAGING_COLUMNS = (
    "row_no",
    "point_id",
    "parameter_id",
    "taken_at",
    "value",
    "censored",
    "unit",
    "level",
)


class Staging:
    """A temporary table holding the checked rows of one file (COPY on PostgreSQL)."""

    CHUNK = 5000

    def __init__(self, batch_id: int) -> None:
        self.name = f"monitoring_staging_{batch_id}"
        self.pg = connection.vendor == "postgresql"
        self.buffer: list[tuple[Any, ...]] = []
        self.count = 0
        ts = "timestamptz" if self.pg else "text"
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {self.name}")
            cur.execute(
                f"CREATE TEMPORARY TABLE {self.name} (row_no integer, point_id bigint, "
                f"parameter_id bigint, taken_at {ts}, value double precision, "
                "censored varchar(1), unit varchar(20), level varchar(10))"
            )

    def add(self, row: tuple[Any, ...]) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        with connection.cursor() as cur:
            if self.pg:
                cols = ", ".join(STAGING_COLUMNS)
                with cur.cursor.copy(f"COPY {self.name} ({cols}) FROM STDIN") as copy:
                    for row in self.buffer:
                        copy.write_row(row)
            else:
                adapt = connection.ops.adapt_datetimefield_value
                rows = [(*r[:3], adapt(r[3]), *r[4:]) for r in self.buffer]
                marks = ", ".join(["%s"] * len(STAGING_COLUMNS))
                cur.executemany(f"INSERT INTO {self.name} VALUES ({marks})", rows)
        self.count += len(self.buffer)
        self.buffer.clear()

    def duplicates_in_file(self, limit: int) -> tuple[int, list[tuple[int, int]]]:
        """(count, [(row, first row with the same point, parameter and time)])."""
        sql = (
            f"SELECT s.row_no, d.first_row FROM {self.name} s JOIN ("
            f"SELECT point_id, parameter_id, taken_at, MIN(row_no) AS first_row "
            f"FROM {self.name} GROUP BY point_id, parameter_id, taken_at HAVING COUNT(*) > 1"
            ") d ON s.point_id = d.point_id AND s.parameter_id = d.parameter_id "
            "AND s.taken_at = d.taken_at WHERE s.row_no <> d.first_row ORDER BY s.row_no"
        )
        with connection.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM ({sql}) x")
            total = cur.fetchone()[0]
            cur.execute(f"{sql} LIMIT {int(limit)}")
            return total, [(int(a), int(b)) for a, b in cur.fetchall()]

    def duplicates_in_db(self, limit: int) -> tuple[int, list[int]]:
        sql = (
            f"SELECT s.row_no FROM {self.name} s JOIN monitoring_observation o "
            "ON o.point_id = s.point_id AND o.parameter_id = s.parameter_id "
            "AND o.taken_at = s.taken_at ORDER BY s.row_no"
        )
        with connection.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM ({sql}) x")
            total = cur.fetchone()[0]
            cur.execute(f"{sql} LIMIT {int(limit)}")
            return total, [int(r[0]) for r in cur.fetchall()]

    def move_to_observations(self, batch_id: int | None, user_id: int | None) -> int:
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO monitoring_observation (point_id, parameter_id, taken_at, value, "
                "censored, unit, level, batch_id, entered_by_id) SELECT point_id, parameter_id, "
                f"taken_at, value, censored, unit, level, %s, %s FROM {self.name}",
                [batch_id, user_id],
            )
            return int(cur.rowcount)

    def drop(self) -> None:
        self.buffer.clear()
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {self.name}")


# --- the pass ------------------------------------------------------------------------------


def resolve_columns(header: list[Any], options: Options) -> dict[str, int]:
    """Column index of each field, by the lab's mapping or the usual names; FileProblem
    names the missing ones."""
    names = [str(h).strip().lstrip("\ufeff") for h in header]
    lowered = [n.lower() for n in names]
    index: dict[str, int] = {}
    for fld in (*REQUIRED, "unit"):
        wanted = options.columns.get(fld)
        candidates = (wanted,) if wanted else ALIASES[fld]
        for cand in candidates:
            if cand.strip().lower() in lowered:
                index[fld] = lowered.index(cand.strip().lower())
                break
    missing = [f for f in REQUIRED if f not in index]
    if missing:
        labels = {
            "point": _("point"),
            "parameter": _("parameter"),
            "taken_at": _("date"),
            "value": _("value"),
        }
        raise FileProblem(
            _("Columns not found: %(missing)s. The file has: %(found)s.")
            % {
                "missing": ", ".join(
                    f"{labels[m]} ({options.columns.get(m) or ALIASES[m][0]})" for m in missing
                ),
                "found": ", ".join(names) or "—",
            }
        )
    return index


@dataclass
class PassResult:
    report: Report
    series: dict[tuple[int, int], Series | None]


def check_rows(
    rows: Iterator[list[Any]],
    options: Options,
    user: Any,
    staging: Staging,
    report: Report,
    progress: Callable[[int], None] | None = None,
) -> Programme:
    """Check every row, stage the good ones while the file is still clean, fill the report."""
    programme = Programme(user)
    try:
        header = next(rows)
    except StopIteration:
        raise FileProblem(_("The file is empty.")) from None
    while header is not None and not any(str(c).strip() for c in header):
        header = next(rows, None)  # type: ignore[arg-type]
    if header is None:
        raise FileProblem(_("The file is empty."))
    cols = resolve_columns(header, options)
    names = [str(h).strip() for h in header]
    width = len(header)
    parse_date = DateParser(options.date_format)
    now = timezone.now() + FUTURE_TOLERANCE
    i_point, i_param, i_time, i_value = (cols[f] for f in REQUIRED)
    i_unit = cols.get("unit")
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
                _("Expected %(expected)d columns, found %(found)d.")
                % {"expected": width, "found": len(row)},
            )
            continue
        errors_before = report.error_count
        point = programme.point(str(row[i_point]))
        if point is None:
            report.add(
                row_no,
                names[i_point],
                _("Unknown monitoring point %(code)r.") % {"code": str(row[i_point])[:40]},
            )
        elif not programme.may_submit(point):
            report.add(
                row_no,
                names[i_point],
                _("You may submit readings only for the points of your own facilities."),
            )
        param = programme.parameter(str(row[i_param]))
        if param is None:
            report.add(
                row_no,
                names[i_param],
                _("Unknown parameter %(name)r.") % {"name": str(row[i_param])[:60]},
            )
        taken_at: dt.datetime | None = None
        try:
            taken_at = parse_date(row[i_time])
        except ValueError as exc:
            report.add(row_no, names[i_time], str(exc))
        else:
            if taken_at > now:
                report.add(row_no, names[i_time], _("The date is in the future."))
        try:
            parsed = parse_value(row[i_value], options.decimal)
        except ValueError as exc:
            report.add(row_no, names[i_value], str(exc))
            parsed = None
        if report.error_count > errors_before or point is None or param is None:
            continue
        assert parsed is not None and taken_at is not None
        series = programme.get_series(point, param)
        if series is None:
            report.add(
                row_no,
                names[i_param],
                _("%(param)s is not in the monitoring programme of point %(point)s.")
                % {"param": param.name, "point": point.code},
            )
            continue
        value, censored = parsed.value, parsed.censored or ""
        if value is None and series.detection_limit is not None:
            value = series.detection_limit  # "<DL": the method's detection limit
        unit_text = str(row[i_unit]).strip() if i_unit is not None else ""
        if value is not None and unit_text:
            try:
                value = convert(value, unit_text, series.unit)
            except units.IncompatibleUnits:
                report.add(
                    row_no,
                    names[i_unit] if i_unit is not None else "",
                    _("%(unit)s cannot be converted to %(target)s, the unit of %(param)s.")
                    % {"unit": unit_text, "target": series.unit, "param": param.name},
                )
                continue
            except ValueError:
                report.add(
                    row_no,
                    names[i_unit] if i_unit is not None else "",
                    _("Unknown unit %(unit)r.") % {"unit": unit_text[:20]},
                )
                continue
        if value is not None and value < 0 and series.non_negative:
            report.add(
                row_no,
                names[i_value],
                _("A negative value is impossible for %(param)s.") % {"param": param.name},
            )
            continue
        level = level_of(value, censored, series.classifier)
        series.see(taken_at, level, value)
        if report.ok:
            staging.add((row_no, point.pk, param.pk, taken_at, value, censored, series.unit, level))
    if report.rows == 0 and report.ok:
        raise FileProblem(_("The file has a header but no data rows."))
    if report.ok:
        staging.flush()
    return programme
