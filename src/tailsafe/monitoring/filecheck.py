"""Checks of an uploaded spreadsheet before anything parses it (issue 14 item 6, T6).

An XLSX file is a ZIP archive: a few hundred kilobytes can unpack to gigabytes (a "zip bomb"), and
one shared string of 400 MB makes openpyxl hold it all in memory. The central directory of the
archive states every entry's uncompressed size, so the sizes are checked there, without
decompressing anything. Pure Python: no Django import.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

# What a laboratory's workbook needs, with a wide margin: 1 million rows of 6 short columns
# unpack to about 150 MB of sheet XML.
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 10_000
SHARED_STRINGS = "xl/sharedStrings.xml"


@dataclass(frozen=True)
class SpreadsheetTooLarge(Exception):
    """What is too large: "total" (all entries), "shared_strings" or "entries", with the size
    found and the limit."""

    what: str
    size: int
    limit: int

    def __str__(self) -> str:
        return f"{self.what}: {self.size} > {self.limit}"


class NotASpreadsheet(Exception):
    """The file is not a ZIP archive (so not an XLSX workbook)."""


def check_xlsx(
    raw: IO[bytes],
    *,
    max_total: int = MAX_UNCOMPRESSED_BYTES,
    max_shared_strings: int = MAX_SHARED_STRINGS_BYTES,
    max_entries: int = MAX_ENTRIES,
) -> None:
    """Raise SpreadsheetTooLarge or NotASpreadsheet; leave the stream at its start."""
    start = raw.tell()
    try:
        try:
            archive = zipfile.ZipFile(raw)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise NotASpreadsheet(str(exc)) from exc
        with archive:
            entries = archive.infolist()
            if len(entries) > max_entries:
                raise SpreadsheetTooLarge("entries", len(entries), max_entries)
            total = 0
            for entry in entries:
                total += entry.file_size
                if entry.filename == SHARED_STRINGS and entry.file_size > max_shared_strings:
                    raise SpreadsheetTooLarge("shared_strings", entry.file_size, max_shared_strings)
            if total > max_total:
                raise SpreadsheetTooLarge("total", total, max_total)
    finally:
        raw.seek(start)
