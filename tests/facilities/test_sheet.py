"""The facility sheet (issue 17, item 7): one A4 page of PDF in ru, tg and en, checked by its
text (pdftotext): the name, the THI interval, the run-out verdict with the fit's version and n,
the monitoring points; the facility page's visibility."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tailsafe.methodology import runout

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes, tmp_path: Path) -> tuple[str, int]:
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    return " ".join(text.split()), pages


@pytest.fixture
def degmay(make_facility: Any) -> Any:
    f = make_facility(
        "T01",
        name_ru="Хвостохранилище Дигмай",
        name_tg="Партовгоҳи Дигмай",
        name_en="Degmay tailings",
        latitude=Decimal("40.23417"),
        longitude=Decimal("69.69481"),
        coord_uncertainty_km=Decimal(10),
        downstream_countries="Uzbekistan",
        volume_m3=Decimal(20_000_000),
        dam_height_m=Decimal(40),
        dam_condition="",
        sources="https://www.istc.int/en/project/x ; http://germany-forum.ru/showpost.php?p=1",
        confidence="high",
    )
    from tailsafe.monitoring.models import MonitoringPoint

    MonitoringPoint.objects.create(facility=f, code="DG-01", name="Дренаж", kind="groundwater")
    return f


EXPECTED = {
    "en": ("Degmay tailings", "Run-out screening", "Fit version 1, n = {n} failures", "DG-01"),
    "ru": ("Хвостохранилище Дигмай", "Регрессия, версия 1, n = {n}", "DG-01", "границ"),
    "tg": ("Партовгоҳи Дигмай", "Регрессия, версияи 1, n = {n}", "DG-01", "сарҳад"),
}


@pytest.mark.parametrize("lang", ["en", "ru", "tg"])
def test_sheet_is_one_page_with_name_interval_and_verdict(
    client_as: Any, degmay: Any, tmp_path: Path, lang: str
) -> None:
    response = client_as("member").get(reverse("facilities:sheet", args=[degmay.pk, lang]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, pages = _pdf_text(response.content, tmp_path)
    assert pages == 1, text
    n = runout.default_fit().n
    for expected in EXPECTED[lang]:
        assert expected.format(n=n) in text, (lang, expected, text)
    a = degmay.latest_assessment
    sep = "," if lang in ("ru", "tg") else "."
    interval = f"{a.thi_min:.2f} – {a.thi_max:.2f}".replace(".", sep)
    assert interval in text, (interval, text)
    from tailsafe.methodology import services as methodology

    screen = methodology.runout_screen(degmay, methodology.active_parameter_set().params)
    assert screen is not None
    from django.utils import translation

    from tailsafe.facilities.screening import VERDICT_LABELS

    with translation.override(lang):
        assert str(VERDICT_LABELS[screen.verdicts["border"]]) in text


def test_sheet_follows_the_facility_visibility(
    client_as: Any, degmay: Any, users: dict[str, Any]
) -> None:
    url = reverse("facilities:sheet", args=[degmay.pk, "en"])
    assert client_as("operator").get(url).status_code == 404  # not theirs, not published
    assert client_as("guest").get(url).status_code in (302, 403, 404)
    assert (
        client_as("member").get(reverse("facilities:sheet", args=[degmay.pk, "de"])).status_code
        == 404
    )
    page = client_as("member").get(reverse("facilities:detail", args=[degmay.pk])).content.decode()
    assert reverse("facilities:sheet", args=[degmay.pk, "tg"]) in page
