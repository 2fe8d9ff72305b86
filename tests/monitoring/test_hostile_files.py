"""Hostile files and values (issue 14 item 6): each file of the corpus in tests/monitoring/hostile/
gives a report, stores no row and leaves no batch "checking"; the zip bomb is refused before any
parsing, with the worker's memory far below 300 MB."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

HOSTILE = Path(__file__).parent / "hostile"
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=False)


def _observations() -> int:
    from tailsafe.monitoring.models import Observation

    return Observation.objects.count()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("shared_string_bomb.xlsx", "text table unpacks to 401 MB"),
        ("not_a_workbook.xlsx", "cannot be opened"),
        ("overflow.csv", "too large to convert"),
        ("old_dates.csv", "before 1900"),
        ("long_code.csv", "characters long; at most 200"),
        ("nul_bytes.csv", "NUL character"),
    ],
)
def test_every_hostile_file_gives_a_report_and_stores_nothing(
    run_import: Callable[..., Any], name: str, expected: str
) -> None:
    report = run_import((HOSTILE / name).read_bytes(), name=name)
    assert not report.ok
    assert any(expected in m["message"] for m in report.messages), report.messages
    assert _observations() == 0


def test_old_dates_are_reported_row_by_row(run_import: Callable[..., Any]) -> None:
    report = run_import((HOSTILE / "old_dates.csv").read_bytes())
    assert [m["row"] for m in report.messages] == [2, 3]


def test_hostile_file_through_the_worker_ends_rejected(programme: dict[str, Any]) -> None:
    from tailsafe.monitoring import services
    from tailsafe.monitoring.models import ImportBatch

    upload = SimpleUploadedFile("bomb.xlsx", (HOSTILE / "shared_string_bomb.xlsx").read_bytes())
    with TestCase.captureOnCommitCallbacks(execute=True):
        batch = services.create_import(programme["secretariat"], upload)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.started_at is not None
    assert batch.finished_at is not None
    assert "unpacks" in batch.report["messages"][0]["message"]
    assert _observations() == 0


def test_zip_bomb_keeps_the_worker_small() -> None:
    """Run the reading step in a fresh interpreter and read its peak resident memory."""
    script = (
        "import django; django.setup()\n"
        "from tailsafe.monitoring import importer\n"
        f"raw = open({str(HOSTILE / 'shared_string_bomb.xlsx')!r}, 'rb')\n"
        "try:\n    list(importer.xlsx_rows(raw))\nexcept importer.FileProblem:\n    pass\n"
        "else:\n    raise SystemExit('not refused')\n"
        # VmHWM is the peak of this process's own memory; ru_maxrss would also count the
        # pytest process it was started from (Linux keeps the high-water mark across exec).
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
        "print(hwm.split()[1])\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": f"{REPO / 'src'}",
        "DJANGO_SETTINGS_MODULE": "tailsafe.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    peak_mb = int(out.stdout.strip().splitlines()[-1]) / 1024
    assert peak_mb < 300, f"peak {peak_mb:.0f} MB"


def test_a_crash_leaves_the_batch_failed_with_the_reason(
    programme: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tailsafe.monitoring import services
    from tailsafe.monitoring.models import ImportBatch

    def boom(*args: Any, **kwargs: Any) -> None:
        raise MemoryError

    # the run looks the stream up in its own module of the services package
    monkeypatch.setattr(services.imports, "import_stream", boom)
    upload = SimpleUploadedFile("lab.csv", b"point;parameter;taken_at;value\n")
    with TestCase.captureOnCommitCallbacks(execute=True):
        batch = services.create_import(programme["secretariat"], upload)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.finished
    assert "MemoryError" in batch.report["messages"][0]["message"]


def test_a_batch_checking_too_long_is_marked_failed_and_shown(
    programme: dict[str, Any], client: Any, settings: Any, english: Any
) -> None:
    from tailsafe.monitoring import services
    from tailsafe.monitoring.models import ImportBatch

    settings.IMPORT_MAX_MINUTES = 30
    stuck = ImportBatch.objects.create(
        file=SimpleUploadedFile("stuck.csv", b"x"),
        file_name="stuck.csv",
        uploaded_by=programme["secretariat"],
        status=ImportBatch.Status.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=31),
    )
    fresh = ImportBatch.objects.create(
        file=SimpleUploadedFile("fresh.csv", b"x"),
        file_name="fresh.csv",
        uploaded_by=programme["secretariat"],
        status=ImportBatch.Status.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=5),
    )
    assert services.fail_stale_imports() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == ImportBatch.Status.FAILED
    assert fresh.status == ImportBatch.Status.RUNNING
    client.force_login(programme["secretariat"])
    page = client.get(f"/monitoring/import/{stuck.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "The import failed; nothing was stored." in page.content.decode()
    assert "longer than 30 minutes" in page.content.decode()


def test_overflowing_value_by_hand_is_a_form_error_not_a_500(
    programme: dict[str, Any], client: Any, english: Any
) -> None:
    client.force_login(programme["secretariat"])
    response = client.post(
        "/monitoring/observations/new/",
        {
            "series": programme["u_up"].pk,
            "taken_at": "2025-03-14 09:30",
            "value": "1e308",
            "unit": "g/L",
        },
    )
    assert response.status_code == 200
    assert "too large to convert" in response.content.decode()
    assert _observations() == 0


@pytest.mark.parametrize(
    ("value", "unit", "taken_at", "expected"),
    [
        ("1e308", "g/L", "2025-03-14T09:30:00", "too large to convert"),
        ("0.01", "mg/L", "0001-01-01T00:00:00", "before 1900"),
    ],
)
def test_hostile_values_through_the_api_are_json_400(
    programme: dict[str, Any],
    client: Any,
    english: Any,
    value: str,
    unit: str,
    taken_at: str,
    expected: str,
) -> None:
    client.force_login(programme["secretariat"])
    response = client.post(
        "/api/v1/observations/",
        {
            "point": programme["up"].code,
            "parameter": "uranium",
            "taken_at": taken_at,
            "value": value,
            "unit": unit,
        },
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert expected in str(response.json())
    assert _observations() == 0


def test_check_xlsx_leaves_the_stream_at_its_start() -> None:
    from tailsafe.monitoring import filecheck

    raw = io.BytesIO((HOSTILE / "shared_string_bomb.xlsx").read_bytes())
    with pytest.raises(filecheck.SpreadsheetTooLarge) as caught:
        filecheck.check_xlsx(raw)
    assert caught.value.what == "shared_strings"
    assert raw.tell() == 0
    with pytest.raises(filecheck.SpreadsheetTooLarge) as total:
        filecheck.check_xlsx(raw, max_shared_strings=10**12, max_total=1024)
    assert total.value.what == "total"
