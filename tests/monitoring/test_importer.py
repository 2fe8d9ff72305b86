"""Import edge cases (issue 6 "Done means"): each bad file gives a clear report and stores
nothing; each good file stores every row exactly once."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from tailsafe.monitoring import importer
from tailsafe.monitoring.models import AlertEvent, ColumnMapping, Observation

pytestmark = pytest.mark.django_db

HEADER = "Точка;Показатель;Дата отбора;Результат;Ед. изм.\n"


def rows(*lines: str) -> str:
    return HEADER + "".join(line + "\n" for line in lines)


def messages(report: Any) -> str:
    return " | ".join(f"{m['row']}:{m['column']}:{m['message']}" for m in report.messages)


def test_good_file_stores_every_row_once(run_import: Callable[..., Any]) -> None:
    report = run_import(
        rows(
            "UP-1;Уран;01.03.2025 10:00;0,002;мг/л",
            "DN-1;Уран;01.03.2025 10:00;0,004;мг/л",
            "DN-1;arsenic;01.03.2025 10:00;1,5;мкг/л",
            "FB-1;Freeboard;01.03.2025;3,2;м",
        )
    )
    assert report.ok, messages(report)
    assert report.imported == 4
    assert Observation.objects.count() == 4
    arsenic = Observation.objects.get(parameter__code="arsenic")
    assert arsenic.unit == "mg/L"
    assert arsenic.value == pytest.approx(0.0015)  # 1,5 ug/L converted, never guessed
    assert set(Observation.objects.values_list("level", flat=True)) == {"normal"}
    # the same file again: every row is a duplicate of a stored reading; nothing added
    again = run_import(rows("UP-1;Уран;01.03.2025 10:00;0,002;мг/л"))
    assert not again.ok
    assert "already stored" in messages(again)
    assert Observation.objects.count() == 4


def test_cp1251_file_with_decimal_comma(run_import: Callable[..., Any]) -> None:
    text = rows("DN-1;Уран;02.03.2025 09:30;0,0125;мг/л", "UP-1;Уран;02.03.2025 09:30;0,001;мг/л")
    report = run_import(text.encode("cp1251"))
    assert report.ok, messages(report)
    assert report.encoding == "cp1251"
    assert Observation.objects.get(point__code="DN-1").value == pytest.approx(0.0125)


def test_utf8_bom_and_comma_delimiter(run_import: Callable[..., Any]) -> None:
    text = "\ufeffpoint,parameter,taken_at,value\nUP-1,uranium,2025-03-02T09:30,0.001\n"
    report = run_import(text.encode("utf-8"))
    assert report.ok, messages(report)
    assert report.encoding == "utf-8-sig"


def test_undecodable_file_is_rejected_clearly(run_import: Callable[..., Any]) -> None:
    # 0x98 is undefined in Windows-1251 and 0xff is never valid UTF-8.
    report = run_import(b"point;parameter\n\x98\xff\x98\n")
    assert not report.ok
    assert "neither UTF-8 nor Windows-1251" in messages(report)


def test_below_detection_limit_is_kept_censored(run_import: Callable[..., Any]) -> None:
    report = run_import(
        rows(
            "DN-1;Уран;03.03.2025 10:00;<0,001;мг/л",
            "UP-1;Уран;03.03.2025 10:00;<DL;мг/л",
            "DN-1;arsenic;03.03.2025 10:00;н/о;мг/л",
        )
    )
    assert report.ok, messages(report)
    lt = Observation.objects.get(point__code="DN-1", parameter__code="uranium")
    assert (lt.value, lt.censored) == (0.001, "<")  # not zero, not the limit
    dl = Observation.objects.get(point__code="UP-1")
    assert (dl.value, dl.censored) == (0.0001, "<")  # the method's detection limit
    assert Observation.objects.get(parameter__code="arsenic").censored == "<"
    assert set(Observation.objects.values_list("level", flat=True)) == {"normal"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("XX-9;Уран;01.03.2025;0,01;мг/л", "Unknown monitoring point"),
        ("DN-1;Унобтаний;01.03.2025;0,01;мг/л", "Unknown parameter"),
        ("DN-1;Уран;01.03.2025;-0,01;мг/л", "negative value is impossible"),
        ("DN-1;Уран;01.03.2099;0,01;мг/л", "in the future"),
        ("DN-1;Уран;01.03.2025;0,01", "Expected 5 columns, found 4"),
        ("DN-1;Уран;01.03.2025;0,01;мг/л;extra", "Expected 5 columns, found 6"),
        ("DN-1;Уран;31.02.2025;0,01;мг/л", "Cannot read the date"),
        ("DN-1;Уран;01.03.2025;abc;мг/л", "Cannot read the value"),
        ("DN-1;Уран;01.03.2025;0,01;Бк/кг", "cannot be converted"),  # Bq/L converts (U)
        ("DN-1;Уран;01.03.2025;0,01;furlong", "Unknown unit"),
        ("FB-1;Уран;01.03.2025;0,01;мг/л", "not in the monitoring programme"),
    ],
)
def test_one_bad_row_rejects_the_whole_file(
    run_import: Callable[..., Any], line: str, expected: str
) -> None:
    report = run_import(
        rows("UP-1;Уран;01.03.2025;0,002;мг/л", line, "UP-1;Уран;02.03.2025;0,002;")
    )
    assert not report.ok
    assert expected in messages(report)
    assert report.messages[0]["row"] == 3  # header is row 1
    assert Observation.objects.count() == 0


def test_duplicate_rows_in_the_file(run_import: Callable[..., Any]) -> None:
    report = run_import(
        rows(
            "UP-1;Уран;01.03.2025 10:00;0,002;мг/л",
            "DN-1;Уран;01.03.2025 10:00;0,003;мг/л",
            "UP-1;Уран;01.03.2025 10:00;0,002;мг/л",
        )
    )
    assert not report.ok
    assert report.messages == [
        {
            "row": 4,
            "column": "",
            "message": "Duplicate of row 2 (same point, parameter and time).",
        }
    ]
    assert Observation.objects.count() == 0


@pytest.mark.parametrize("content", [b"", b"\n\n", "Точка;Показатель;Дата;Значение\n".encode()])
def test_empty_file(run_import: Callable[..., Any], content: bytes) -> None:
    report = run_import(content)
    assert not report.ok
    assert "empty" in messages(report) or "no data rows" in messages(report)
    assert Observation.objects.count() == 0


def test_missing_columns_named(run_import: Callable[..., Any]) -> None:
    report = run_import("a;b\n1;2\n")
    assert not report.ok
    assert "Columns not found" in messages(report)


def test_report_is_capped(run_import: Callable[..., Any]) -> None:
    lines = [f"XX-{i};Уран;01.03.2025;0,01;мг/л" for i in range(importer.MAX_MESSAGES + 50)]
    report = run_import(rows(*lines))
    assert report.error_count == importer.MAX_MESSAGES + 50
    assert len(report.messages) == importer.MAX_MESSAGES
    assert report.as_dict()["more"] == 50


def test_messages_in_the_users_language(run_import: Callable[..., Any]) -> None:
    from django.utils import translation

    with translation.override("ru"):
        report = run_import(rows("DN-1;Уран;01.03.2099;0,01;мг/л"))
    assert not report.ok
    with translation.override("en"):
        english = run_import(rows("DN-1;Уран;01.03.2099;0,01;мг/л"))
    assert english.messages[0]["message"] == "The date is in the future."
    assert report.messages[0]["message"]  # translated when the catalogue has it


def test_operator_only_for_own_facility(
    run_import: Callable[..., Any], programme: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    stranger = make_user("operator", username="stranger", institution="academy")
    report = run_import(rows("DN-1;Уран;01.03.2025;0,01;мг/л"), user=stranger)
    assert "only for the points of your own facilities" in messages(report)
    ok = run_import(rows("DN-1;Уран;01.03.2025;0,01;мг/л"), user=programme["operator"])
    assert ok.ok, messages(ok)


def test_column_mapping_per_lab(run_import: Callable[..., Any]) -> None:
    mapping = ColumnMapping.objects.create(
        lab="Lab A",
        columns={"point": "Site", "parameter": "Analyte", "taken_at": "When", "value": "Res"},
        decimal=".",
        delimiter=",",
        date_format="%Y/%m/%d",
    )
    content = "Site,Analyte,When,Res\nDN-1,uranium,2025/03/04,0.004\n"
    report = run_import(content, options=importer.Options.from_mapping(mapping))
    assert report.ok, messages(report)
    bad = run_import(
        "Site;Analyte;When;Res\nDN-1;uranium;2025/03/05;0,004\n",
        options=importer.Options(
            columns=mapping.columns, decimal=".", delimiter=";", date_format="%Y/%m/%d"
        ),
    )
    assert "decimal separator is a point" in messages(bad)


def test_xlsx_file(run_import: Callable[..., Any]) -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Точка", "Показатель", "Дата отбора", "Результат", "Ед. изм."])
    sheet.append(["DN-1", "Уран", dt.datetime(2025, 3, 5, 10), 0.005, "мг/л"])
    sheet.append(["UP-1", "Уран", dt.datetime(2025, 3, 5, 10), "<0,001", "мг/л"])
    buf = io.BytesIO()
    book.save(buf)
    report = run_import(buf.getvalue(), name="lab.xlsx")
    assert report.ok, messages(report)
    assert Observation.objects.count() == 2
    broken = run_import(b"not a zip", name="lab.xlsx")
    assert "cannot be opened" in messages(broken)


def test_import_batch_through_the_task(programme: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tailsafe.monitoring import services
    from tailsafe.monitoring.models import ImportBatch

    upload = SimpleUploadedFile(
        "lab.csv", rows("DN-1;Уран;01.03.2025 10:00;0,05;мг/л").encode("cp1251")
    )
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        batch = services.create_import(programme["operator"], upload)
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.status == "imported", batch.report
    assert batch.rows_imported == 1
    assert batch.percent == 100
    obs = Observation.objects.get()
    assert obs.batch_id == batch.pk
    assert obs.entered_by == programme["operator"]
    assert obs.level == "alarm"  # 0.05 mg/L >= 1 x WHO 0.03, < 3 x
    assert AlertEvent.objects.filter(to_level="alarm").count() == 1


def test_future_tolerance_uses_now(run_import: Callable[..., Any]) -> None:
    now = timezone.localtime().strftime("%d.%m.%Y %H:%M")
    report = run_import(rows(f"DN-1;Уран;{now};0,001;мг/л"))
    assert report.ok, messages(report)
