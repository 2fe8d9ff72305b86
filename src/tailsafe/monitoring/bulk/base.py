"""What the steps of the bulk path share: the temporary tables of one import, the texts SQL
reads itself, the encodings PostgreSQL decodes, and the signal that a file needs the checked
path."""

from __future__ import annotations

from typing import Any

from django.db import connection

PLAIN_NUMBER = {",": r"^-?[0-9]+([.,][0-9]+)?$", ".": r"^-?[0-9]+(\.[0-9]+)?$"}
"""Value texts SQL converts itself (float8 of the text, comma read as point); every other
text goes through importer.parse_value."""


PG_ENCODINGS = {"utf-8-sig": "UTF8", "utf-8": "UTF8", "utf8": "UTF8", "cp1251": "WIN1251"}


BLOCK = 1 << 20


class NotClean(Exception):
    """The file needs the checked path (the reason is for logs and tests only)."""


class _Names:
    def __init__(self, tag: int) -> None:
        base = f"mon_bulk_{abs(tag)}"
        self.raw, self.series, self.dates, self.values = (
            f"{base}_raw",
            f"{base}_series",
            f"{base}_dates",
            f"{base}_values",
        )

    def drop(self) -> None:
        with connection.cursor() as cur:
            for name in (self.raw, self.series, self.dates, self.values):
                cur.execute(f"DROP TABLE IF EXISTS {name}")


NORM_FIRST, NORM_NEWEST, NORM_COUNT = "norm:first", "norm:newest", "norm:count:"
"""Markers in the level column of the insert's summary rows (never a level)."""


def _r(column: str) -> str:
    return column if column == "''" else f"r.{column}"


def _literal(delimiter: str) -> str:
    return "E'\\t'" if delimiter == "\t" else f"'{delimiter}'"


def _fill(cur: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    with cur.cursor.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cur.execute(f"ANALYZE {table}")
