"""A 100 MB lab file is streamed: peak memory stays far below the file size."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from tailsafe.monitoring import importer, services
from tailsafe.monitoring.models import Observation

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SIZE = 100 * 1024 * 1024


def write_file(path: Path) -> int:
    pad = "x" * 1000  # a free-text remarks column: 100 MB in ~100k rows keeps the test short
    line_no = 1
    with path.open("w", encoding="cp1251", newline="") as fh:
        fh.write("Точка;Показатель;Дата отбора;Результат;Ед. изм.;Примечание\n")
        # row 2 names an unknown point so nothing will be stored, and the very last row is bad
        # too: the report naming it proves the whole file was read.
        fh.write(f"XX-0;Уран;01.01.2024 00:00;0,001;мг/л;{pad}\n")
        line_no += 1
        minute = 0
        while fh.tell() < SIZE:
            day, rest = divmod(minute, 1440)
            fh.write(
                f"DN-1;Уран;{1 + day % 28:02d}.{1 + day // 28 % 12:02d}.{2000 + day // 336} "
                f"{rest // 60:02d}:{rest % 60:02d};0,00{minute % 9};мг/л;{pad}\n"
            )
            minute += 1
            line_no += 1
        fh.write(f"DN-1;Уран;01.01.2024 00:00;-1;мг/л;{pad}\n")
        line_no += 1
    return line_no


def test_100_mb_file_is_streamed(programme: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    last_row = write_file(path)
    assert os.path.getsize(path) >= SIZE
    tracemalloc.start()
    try:
        with path.open("rb") as raw:
            report = services.import_stream(
                raw, "big.csv", importer.Options(), programme["secretariat"]
            )
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.encoding == "cp1251"
    assert report.rows == last_row - 1
    rows_named = [m["row"] for m in report.messages]
    assert rows_named == [2, last_row]
    assert Observation.objects.count() == 0
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for a {SIZE / 1e6:.0f} MB file"
