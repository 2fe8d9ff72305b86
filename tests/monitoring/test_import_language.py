"""An import report is read in the reader's language, not frozen in the uploader's (issue 18,
item 2): each line is stored as a message key with parameters."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation

from tailsafe.core.stored_text import render, text
from tailsafe.monitoring import services
from tailsafe.monitoring.models import ImportBatch

pytestmark = pytest.mark.django_db

BAD_FILE = (
    "point;parameter;taken_at;value\n"
    "XX-9;uranium;2025-01-01;1\n"
    "DN-1;uranium;2099-01-01;1\n"
    "DN-1;uranium;2025-01-02;abc\n"
)
UNKNOWN_POINT = "Unknown monitoring point %(code)r."
FUTURE = "The date is in the future."
NO_VALUE = "Cannot read the value %(value)r: expected a number such as 0,015 or <0,001."


def _upload(user: Any, language: str) -> ImportBatch:
    user.language = language
    user.save()
    with translation.override(language), TestCase.captureOnCommitCallbacks(execute=True):
        batch = services.create_import(user, SimpleUploadedFile("lab.csv", BAD_FILE.encode()))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.language == language
    return batch


def _page(user: Any, language: str, batch: ImportBatch) -> str:
    user.language = language
    user.save()
    client = Client()
    client.force_login(user)
    response = client.get(reverse("monitoring:import_detail", args=[batch.pk]))
    assert response.status_code == 200
    return unescape(response.content.decode())


def _words(page: str) -> str:
    """The page without the ``lang`` marks of the words a person typed (a point code)."""
    return re.sub(r'<span lang="\w+">([^<]*)</span>', r"\1", page)


def _expected(language: str) -> list[str]:
    return [
        render(text(UNKNOWN_POINT, code="XX-9"), language),
        render(text(FUTURE), language),
        render(text(NO_VALUE, value="abc"), language),
    ]


def test_the_lines_are_stored_with_their_key(programme: dict[str, Any]) -> None:
    batch = _upload(programme["secretariat"], "tg")
    lines = batch.report["messages"]
    assert [line["text"]["key"] for line in lines] == [UNKNOWN_POINT, FUTURE, NO_VALUE]
    assert lines[0]["text"]["params"] == {"code": "XX-9"}
    assert lines[2]["text"]["params"] == {"value": "abc"}
    # the message as the uploader read it is kept too (older readers of the JSON)
    assert [line["message"] for line in lines] == _expected("tg")


def test_written_in_tajik_read_in_english(programme: dict[str, Any]) -> None:
    batch = _upload(programme["operator"], "tg")
    tajik, english = _expected("tg"), _expected("en")
    assert tajik != english  # the catalogue translates them
    page = _page(programme["operator"], "en", batch)
    assert "Unknown monitoring point 'XX-9'." in page
    assert FUTURE in page
    assert "Cannot read the value 'abc': expected a number such as 0,015 or <0,001." in page
    for line in tajik:
        assert line not in page


def test_written_in_english_read_in_tajik(programme: dict[str, Any]) -> None:
    batch = _upload(programme["operator"], "en")
    page = _words(_page(programme["operator"], "tg", batch))
    for line in _expected("tg"):
        assert line in page
    assert "Unknown monitoring point" not in page
    assert FUTURE not in page


def test_a_failed_import_reason_follows_the_reader(
    programme: dict[str, Any], settings: Any
) -> None:
    settings.IMPORT_MAX_MINUTES = 30
    stuck = ImportBatch.objects.create(
        file=SimpleUploadedFile("stuck.csv", b"x"),
        file_name="stuck.csv",
        uploaded_by=programme["secretariat"],
        language="tg",
        status=ImportBatch.Status.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=31),
    )
    assert services.fail_stale_imports() == 1
    stuck.refresh_from_db()
    line = stuck.report["messages"][0]
    assert "longer than" not in line["message"]  # as the Tajik uploader read it
    page = _page(programme["secretariat"], "en", stuck)
    assert "The check ran longer than 30 minutes and was stopped." in page


def test_an_older_report_of_plain_text_still_shows(programme: dict[str, Any]) -> None:
    batch = ImportBatch.objects.create(
        file=SimpleUploadedFile("old.csv", b"x"),
        file_name="old.csv",
        uploaded_by=programme["secretariat"],
        language="ru",
        status=ImportBatch.Status.REJECTED,
        finished_at=timezone.now(),
        report={
            "rows": 1,
            "errors": 1,
            "messages": [{"row": 2, "column": "Точка", "message": "Неизвестная точка 'XX'."}],
            "more": 0,
        },
    )
    page = _page(programme["secretariat"], "en", batch)
    assert "<span lang=\"ru\">Неизвестная точка 'XX'.</span>" in page
