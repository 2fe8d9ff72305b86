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

from tailsafe.monitoring.importer.base import (
    ALIASES,
    EARLIEST_YEAR,
    FUTURE_TOLERANCE,
    MAX_CELL_CHARS,
    MAX_MESSAGES,
    OPTIONAL,
    REQUIRED,
    FileProblem,
    Options,
    Report,
    ValueOutOfRange,
)
from tailsafe.monitoring.importer.check import (
    PassResult,
    check_rows,
    resolve_columns,
)
from tailsafe.monitoring.importer.lookups import (
    Programme,
    Series,
)
from tailsafe.monitoring.importer.reading import (
    Classifier,
    DateParser,
    check_spreadsheet,
    convert,
    csv_rows,
    detect_delimiter,
    level_of,
    open_text,
    parse_value,
    row_level,
    xlsx_rows,
)
from tailsafe.monitoring.importer.staging import (
    STAGING_COLUMNS,
    Staging,
)

__all__ = [
    "ALIASES",
    "EARLIEST_YEAR",
    "FUTURE_TOLERANCE",
    "MAX_CELL_CHARS",
    "MAX_MESSAGES",
    "OPTIONAL",
    "REQUIRED",
    "STAGING_COLUMNS",
    "Classifier",
    "DateParser",
    "FileProblem",
    "Options",
    "PassResult",
    "Programme",
    "Report",
    "Series",
    "Staging",
    "ValueOutOfRange",
    "check_rows",
    "check_spreadsheet",
    "convert",
    "csv_rows",
    "detect_delimiter",
    "level_of",
    "open_text",
    "parse_value",
    "resolve_columns",
    "row_level",
    "xlsx_rows",
]
