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
from tailsafe.monitoring import filecheck, rules, units
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring.models import MonitoringPoint, Parameter, PointParameter

MAX_MESSAGES = 1000
"""Row messages kept in a report; the rest are counted."""

FUTURE_TOLERANCE = dt.timedelta(minutes=10)
# Readings before 1900 are typing errors (no series here is older); a date from the year 1
# would overflow when converted to UTC.
EARLIEST_YEAR = 1900
# No code, name or unit a laboratory writes is this long; longer text is a row error, not a
# database error (point codes are 50 characters at most, parameter names 100).
MAX_CELL_CHARS = 200

REQUIRED = ("point", "parameter", "taken_at", "value")
OPTIONAL = ("unit", "detection_limit", "quantification_limit")
"""Optional columns: the unit of the value, and the laboratory's detection limit (DL) and
quantification limit (LOQ) of the sample, both in the value's unit."""

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
    "detection_limit": (
        "detection_limit",
        "detection limit",
        "dl",
        "lod",
        "mdl",
        "предел обнаружения",
        "по",
    ),
    "quantification_limit": (
        "quantification_limit",
        "quantification limit",
        "loq",
        "lq",
        "предел количественного определения",
        "пко",
    ),
}

_DATE_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y", "%Y-%m-%d %H:%M")


class FileProblem(Exception):
    """The file as a whole cannot be read (encoding, empty, missing columns)."""


class ValueOutOfRange(ValueError):
    """A value that converts to infinity (1e308 g/L in mg/L)."""


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
    exceeding: int = 0
    """Readings beyond their norm (thresholds.compare_with_limit)."""
    inconclusive: int = 0
    """Readings that cannot be compared with their norm (a detection limit above it)."""
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
            "exceeding": self.exceeding,
            "inconclusive": self.inconclusive,
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

    check_spreadsheet(raw)
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


def check_spreadsheet(raw: IO[bytes]) -> None:
    """Refuse, before parsing, a workbook that would unpack to more than the limits (T6)."""
    try:
        filecheck.check_xlsx(raw)
    except filecheck.NotASpreadsheet as exc:
        raise FileProblem(
            _("The spreadsheet cannot be opened: %(error)s") % {"error": exc}
        ) from exc
    except filecheck.SpreadsheetTooLarge as exc:
        mib = 1024 * 1024
        if exc.what == "shared_strings":
            message = _(
                "The spreadsheet's text table unpacks to %(size)d MB, more than the %(limit)d MB "
                "a laboratory file may have. Save the sheet as CSV and import that."
            )
        elif exc.what == "entries":
            message = _("The spreadsheet has %(size)d parts, more than %(limit)d.")
            raise FileProblem(message % {"size": exc.size, "limit": exc.limit}) from exc
        else:
            message = _(
                "The spreadsheet unpacks to %(size)d MB, more than the %(limit)d MB a laboratory "
                "file may have. Split it or save it as CSV."
            )
        raise FileProblem(
            message % {"size": -(-exc.size // mib), "limit": exc.limit // mib}
        ) from exc


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
        value = self._aware(cell)
        if value.year < EARLIEST_YEAR:
            raise ValueError(
                _("The date %(date)s is before %(year)d.")
                % {"date": value.date().isoformat(), "year": EARLIEST_YEAR}
            )
        return value

    def _aware(self, cell: Any) -> dt.datetime:
        if isinstance(cell, dt.datetime):
            if cell.year < EARLIEST_YEAR:
                return cell  # refused by the caller; making it aware could overflow
            return cell if timezone.is_aware(cell) else timezone.make_aware(cell, self.tz)
        if isinstance(cell, dt.date):
            if cell.year < EARLIEST_YEAR:
                return dt.datetime.combine(cell, dt.time())
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
    """thresholds.classify for one series, its thresholds validated once (not once per row):
    a thin wrapper of thresholds.compile_classifier, the one home of the level rule."""

    def __init__(self, rule: dict[str, float], direction: str) -> None:
        self.direction = direction
        self.level = tarp.compile_classifier(rule, direction)
        self.uninformative = tarp.UNINFORMATIVE_CENSOR[direction]

    def __call__(self, value: float) -> str:
        return self.level(value)


def level_of(value: float | None, censored: str, classifier: Classifier) -> str:
    """TARP level of one reading, as thresholds.classify_reading reads censored values:
    "<x" raises no level for a rising parameter, ">x" is at least x, and a "not detected"
    value without a limit is normal."""
    if value is None or censored == classifier.uninformative:
        return "normal"
    return classifier(value)


_FACTORS: dict[tuple[str, str, float | None], float | Exception] = {}


def convert(value: float, unit: str, target: str, bq_per_mg: float | None = None) -> float:
    """units.convert with the factor cached per (unit, target, uranium factor); errors cached
    too. ``bq_per_mg``: see units.uranium_bq_per_mg (uranium mass <-> activity)."""
    key = (unit, target, bq_per_mg)
    factor = _FACTORS.get(key)
    if factor is None:
        try:
            factor = units.convert(1.0, unit, target, bq_per_mg=bq_per_mg)
        except ValueError as exc:  # IncompatibleUnits is a ValueError
            factor = exc
        if len(_FACTORS) < 1000:
            _FACTORS[key] = factor
    if isinstance(factor, Exception):
        raise factor
    if factor == 1.0:
        return value
    converted = value * factor
    if not math.isfinite(converted):
        raise ValueOutOfRange(
            _("%(value)s %(unit)s is too large to convert to %(target)s.")
            % {"value": f"{value:g}", "unit": unit, "target": target}
        )
    return converted


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
    bq_per_mg: float | None = None
    norm_min: float | None = None
    norm_max: float | None = None
    norm_label: str = ""
    # what this file does to the series (for the alert events)
    worst_rank: int = 0
    worst_at: dt.datetime | None = None
    worst_value: float | None = None
    latest_at: dt.datetime | None = None
    latest_level: str = "normal"
    latest_value: float | None = None
    # what it does to the series' state against its norm (the norm events)
    exceed_at: dt.datetime | None = None
    exceed_value: float | None = None
    conclusive_at: dt.datetime | None = None
    conclusive_verdict: str = ""
    conclusive_value: float | None = None

    @property
    def has_norm(self) -> bool:
        return self.norm_min is not None or self.norm_max is not None

    def verdict(self, value: float | None, censored: str) -> str:
        """The reading against the series' norm (thresholds.compare_with_norm); "" without a
        norm; "inconclusive" for a "not detected" reading whose detection limit is unknown."""
        if not self.has_norm:
            return ""
        if value is None:
            return tarp.INCONCLUSIVE
        return tarp.compare_with_norm(
            value, censored or None, maximum=self.norm_max, minimum=self.norm_min
        )

    def see_norm(self, taken_at: dt.datetime, verdict: str, value: float | None) -> None:
        """Record a reading's verdict: the first reading beyond the norm in the file, and the
        newest conclusive one (inconclusive readings change no state)."""
        if verdict == tarp.EXCEEDS and (self.exceed_at is None or taken_at < self.exceed_at):
            self.exceed_at, self.exceed_value = taken_at, value
        if verdict in (tarp.EXCEEDS, tarp.WITHIN) and (
            self.conclusive_at is None or taken_at > self.conclusive_at
        ):
            self.conclusive_at, self.conclusive_verdict = taken_at, verdict
            self.conclusive_value = value

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
        return rules.can_submit(self.user, point)

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
        lower, upper, norms = pp.norm_limits()
        if lower is not None and upper is not None and lower > upper:
            lower = None  # norms that contradict each other: the maxima still apply
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
            bq_per_mg=units.uranium_bq_per_mg(pp.parameter.code),
            norm_min=lower,
            norm_max=upper,
            norm_label="; ".join(str(n) for n in norms),
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
    "detection_limit",
    "quantification_limit",
    "norm_result",
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
                "censored varchar(1), unit varchar(20), level varchar(10), "
                "detection_limit double precision, quantification_limit double precision, "
                "norm_result varchar(12))"
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
                "censored, unit, level, detection_limit, quantification_limit, norm_result, "
                "batch_id, entered_by_id) SELECT point_id, parameter_id, taken_at, value, "
                "censored, unit, level, detection_limit, quantification_limit, norm_result, "
                f"%s, %s FROM {self.name}",
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
            report.add(row_no, column, _("The cell contains a NUL character (binary data)."))
            bad = True
        elif i in used and len(cell) > MAX_CELL_CHARS:
            report.add(
                row_no,
                column,
                _("The text is %(length)d characters long; at most %(limit)d are allowed.")
                % {"length": len(cell), "limit": MAX_CELL_CHARS},
            )
            bad = True
    return bad


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
                _("Expected %(expected)d columns, found %(found)d.")
                % {"expected": width, "found": len(row)},
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
        if parsed is None or taken_at is None:  # a row error above was reported
            continue
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
                report.add(row_no, names[index], str(exc))
                continue
            if limit.censored or limit.value is None or limit.value < 0:
                report.add(
                    row_no,
                    names[index],
                    _("A detection or quantification limit must be a number of at least 0."),
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
            report.add(row_no, names[i_value], str(exc))
            continue
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
                _("A negative value is impossible for %(param)s.") % {"param": param.name},
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
        raise FileProblem(_("The file has a header but no data rows."))
    if report.ok:
        staging.flush()
    return programme
