"""Cells a spreadsheet will not run as formulas (OWASP "CSV injection").

Every CSV and XLSX the product writes passes its cells through ``safe_cell`` (or writes with
``SafeWriter``): a text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
gets a leading apostrophe, so Excel or LibreOffice shows it as text. Numbers stay numbers: an
int, float or Decimal is returned unchanged, and so is a text that is a plain number
("-0.5", "+3", "1,5e-3"), so a negative reading is not spoiled.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """The value, neutralised if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        if _PLAIN_NUMBER.fullmatch(value):
            return value
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class SafeWriter:
    """csv.writer whose every cell goes through safe_cell."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def xlsx_bytes(rows: Iterable[Iterable[Any]], title: str = "data") -> bytes:
    """A one-sheet XLSX workbook (openpyxl, write-only: rows are not kept in memory twice)
    whose every cell went through safe_cell; numbers stay numbers."""
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
