"""XLSX question bank import: all or nothing, row-by-row report, active bank unchanged."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from tailsafe.methodology import question_bank as qb
from tailsafe.methodology.models import QuestionBank

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = [
    "code",
    "category",
    "text_ru",
    "text_tg",
    "text_en",
    "weight",
    "modules",
    "measure_short_en",
]
GOOD = [
    "Q1",
    "dam_stability",
    "Дамба цела?",
    "Сарбанд солим?",
    "Dam intact?",
    2,
    "basic, detailed",
    "Repair",
]


def xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _reject(users: dict[str, Any], data: bytes) -> list[str]:
    active = qb.active_bank()
    count = QuestionBank.objects.count()
    with pytest.raises(qb.BankImportError) as exc:
        qb.import_bank_xlsx(users["admin"], data, name="official", version="1")
    assert QuestionBank.objects.count() == count
    assert QuestionBank.objects.get(active=True) == active
    return [str(p) for p in exc.value.problems]


def test_good_file_imported_inactive(users: dict[str, Any]) -> None:
    active = qb.active_bank()
    bank = qb.import_bank_xlsx(users["admin"], xlsx([GOOD]), name="official", version="2020")
    assert not bank.active
    assert bank.questions.get(code="Q1").weight == 2
    assert bank.questions.get(code="Q1").modules == ["basic", "detailed"]
    assert QuestionBank.objects.get(active=True) == active
    qb.activate_bank(users["admin"], bank)
    assert qb.active_bank() == bank


def test_missing_columns(users: dict[str, Any]) -> None:
    problems = _reject(users, xlsx([["Q1", "dam_stability"]], header=["code", "category"]))
    assert "row 1" in problems[0]
    assert "text_ru" in problems[0]
    assert "weight" in problems[0]


def test_duplicate_codes_bad_weight_and_mojibake(users: dict[str, Any]) -> None:
    bad_weight = [*GOOD[:5], "heavy", *GOOD[6:]]
    bad_weight[0] = "Q2"
    mojibake = list(GOOD)
    mojibake[0] = "Q3"
    mojibake[2] = "Дамба".encode().decode("latin-1")  # UTF-8 read as Latin-1: "Ð\x94Ð°..."
    cp1251 = list(GOOD)
    cp1251[0] = "Q4"
    cp1251[2] = "Дамба".encode().decode("cp1251")  # "Р”Р°РјР±Р°"
    replacement = list(GOOD)
    replacement[0] = "Q5"
    replacement[4] = "Dam \ufffd intact"
    problems = _reject(users, xlsx([GOOD, list(GOOD), bad_weight, mojibake, cp1251, replacement]))
    text = "\n".join(problems)
    assert "row 3" in text
    assert "duplicate question code Q1" in text
    assert "row 4" in text
    assert "weight 'heavy'" in text
    assert "row 5: column text_ru" in text
    assert "encoding" in text
    assert "row 6: column text_ru" in text
    assert "row 7: column text_en" in text


def test_not_a_workbook_and_permission(users: dict[str, Any]) -> None:
    assert "not an XLSX" in _reject(users, b"PK\x03\x04 broken")[0]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        qb.import_bank_xlsx(users["secretariat"], xlsx([GOOD]), name="x", version="1")


def test_real_russian_and_tajik_are_not_mojibake() -> None:
    for text in ("Сарбанд солим? Ҳавз, қулла, ғ, ӯ, ӣ, ҷ", "Дамба цела? Ёж, съёмка", "Dam"):
        assert not qb.looks_mojibake(text)


def test_import_view_shows_report(client_as: Any, users: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("admin")
    upload = SimpleUploadedFile("bank.xlsx", xlsx([GOOD, list(GOOD)]))
    response = client.post(
        "/inspections/banks/", {"name": "official", "version": "1", "file": upload}
    )
    assert response.status_code == 400
    assert "duplicate question code Q1" in response.content.decode()
    assert not QuestionBank.objects.filter(name="official").exists()
