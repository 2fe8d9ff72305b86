"""Reading a lab file: its text encoding and delimiter, CSV and XLSX rows, and each cell."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
from collections.abc import Iterator
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from tailsafe.core.stored_text import text as _text
from tailsafe.monitoring import filecheck, units
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring.importer.base import (
    _DATE_FORMATS,
    EARLIEST_YEAR,
    CellProblem,
    FileProblem,
    ValueOutOfRange,
)

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
                _text(
                    N_("The file is neither UTF-8 nor Windows-1251 text. Save it as CSV (UTF-8).")
                )
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
            _text(N_("The spreadsheet cannot be opened: %(error)s"), error=str(exc))
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
            _text(N_("The spreadsheet cannot be opened: %(error)s"), error=str(exc))
        ) from exc
    except filecheck.SpreadsheetTooLarge as exc:
        mib = 1024 * 1024
        if exc.what == "shared_strings":
            message = N_(
                "The spreadsheet's text table unpacks to %(size)d MB, more than the %(limit)d MB "
                "a laboratory file may have. Save the sheet as CSV and import that."
            )
        elif exc.what == "entries":
            message = N_("The spreadsheet has %(size)d parts, more than %(limit)d.")
            raise FileProblem(_text(message, size=exc.size, limit=exc.limit)) from exc
        else:
            message = N_(
                "The spreadsheet unpacks to %(size)d MB, more than the %(limit)d MB a laboratory "
                "file may have. Split it or save it as CSV."
            )
        raise FileProblem(_text(message, size=-(-exc.size // mib), limit=exc.limit // mib)) from exc


# --- cell parsing --------------------------------------------------------------------------


def parse_value(cell: Any, decimal: str) -> units.ParsedValue:
    """A value cell: a number (fast path) or a laboratory notation ("<0,001", "н/о")."""
    if isinstance(cell, bool):
        raise CellProblem(_text(N_("Not a number.")))
    if isinstance(cell, int | float):
        number = float(cell)
        if not math.isfinite(number):
            raise CellProblem(_text(N_("Not a number.")))
        return units.ParsedValue(number, None)
    text = str(cell).strip()
    if decimal == "." and "," in text:
        raise CellProblem(
            _text(N_("A comma in the value, but this laboratory's decimal separator is a point."))
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
        raise CellProblem(
            _text(
                N_("Cannot read the value %(value)r: expected a number such as 0,015 or <0,001."),
                value=text[:40],
            )
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
            raise CellProblem(
                _text(
                    N_("The date %(date)s is before %(year)d."),
                    date=value.date().isoformat(),
                    year=EARLIEST_YEAR,
                )
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
            raise CellProblem(
                _text(
                    N_(
                        "Cannot read the date %(value)r: expected e.g. 2025-03-14 09:30 or "
                        "14.03.2025."
                    ),
                    value=text[:40],
                )
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

    def __call__(self, value: float) -> str:
        return self.level(value)


def level_of(value: float | None, censored: str, classifier: Classifier) -> str:
    """TARP level of one reading: thresholds.classify_reading with the series' thresholds
    validated once (the censored-value rule is thresholds.censor_raises_no_level)."""
    if tarp.censor_raises_no_level(censored, classifier.direction) or value is None:
        return tarp.LEVELS[0]
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
            _text(
                N_("%(value)s %(unit)s is too large to convert to %(target)s."),
                value=f"{value:g}",
                unit=unit,
                target=target,
            )
        )
    return converted
