"""What an import reads and reports: the columns, the limits of a file, the options, the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tailsafe.core.stored_text import StoredText, render

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
    """The file as a whole cannot be read (encoding, empty, missing columns). ``text`` is the
    stored text of the report line (shown in the reader's language); ``str()`` is that text in
    the language active when it was raised."""

    def __init__(self, text: StoredText) -> None:
        self.text = text
        super().__init__(render(text))


class CellProblem(ValueError):
    """A cell that cannot be read (a value, a date): ``text`` is the stored text of the report
    line; ``str()`` is that text in the language active when it was raised."""

    def __init__(self, text: StoredText) -> None:
        self.text = text
        super().__init__(render(text))


class ValueOutOfRange(CellProblem):
    """A value that converts to infinity (1e308 g/L in mg/L)."""


def problem_text(exc: BaseException) -> StoredText | str:
    """The report line of an exception: its stored text, else (an exception of another kind)
    its message as it is."""
    text = getattr(exc, "text", None)
    return text if isinstance(text, dict) else str(exc)


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
    """Row, column and message (the text in the language active when it was added)."""
    texts: list[StoredText | str] = field(default_factory=list)
    """The stored text of each message (message key and parameters), shown in the reader's
    language wherever the report is read (issue 18, item 2)."""
    encoding: str = ""
    imported: int = 0
    events: int = 0
    exceeding: int = 0
    """Readings beyond their norm (thresholds.compare_with_limit)."""
    inconclusive: int = 0
    """Readings that cannot be compared with their norm (a detection limit above it)."""
    timings: dict[str, float] = field(default_factory=dict)
    path: str = "checked"
    """"bulk" (PostgreSQL, monitoring/bulk/) or "checked" (row by row, this module)."""
    bulk_declined: str = ""
    """Why the bulk path left the file to the checked path (for operators, not users)."""

    def add(self, row: int | None, column: str, message: StoredText | str) -> None:
        """One problem; ``message`` a stored text (``text(N_("key"), ...)``), or a plain str
        that is no system text (an exception's own message)."""
        self.error_count += 1
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append({"row": row, "column": column, "message": render(message)})
            self.texts.append(message)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "errors": self.error_count,
            "messages": [
                {**line, "text": self.texts[i] if i < len(self.texts) else line["message"]}
                for i, line in enumerate(self.messages)
            ],
            "more": max(0, self.error_count - len(self.messages)),
            "encoding": self.encoding,
            "imported": self.imported,
            "events": self.events,
            "exceeding": self.exceeding,
            "inconclusive": self.inconclusive,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "path": self.path,
        }
