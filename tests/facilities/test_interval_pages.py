"""Intervals on the facility page and the ranking page (issue 17, item 2): a mass shows as a
volume range with the provisional density range, throughput x years as an estimate."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_mass_and_estimate_are_labelled(make_facility: Any, client_as: Any) -> None:
    mass = make_facility("M1", volume_m3=None, mass_t=Decimal(13_000_000))
    est = make_facility(
        "E1", volume_m3=None, throughput_t_per_year=Decimal(1_000_000), operating_years=13
    )
    client = client_as("member")
    body = client.get(reverse("facilities:detail", args=[mass.pk])).content.decode()
    volume = re.search(r'id="volume-value">(.*?)</dd>', body, re.S)
    assert volume is not None
    text = re.sub(r"<[^>]+>", "", volume.group(1))
    assert "7222222" in re.sub(r"\D", "", text)
    assert "10000000" in re.sub(r"\D", "", text)
    assert "ts-density" in volume.group(1)
    assert "ts-estimate" not in volume.group(1)
    thi = re.search(r'id="thi-value">(.*?)</dd>', body, re.S)
    assert thi is not None
    assert " – " in thi.group(1)
    body = client.get(reverse("facilities:detail", args=[est.pk])).content.decode()
    volume = re.search(r'id="volume-value">(.*?)</dd>', body, re.S)
    assert volume is not None
    assert "ts-estimate" in volume.group(1)
    ranking = client.get(reverse("facilities:ranking")).content.decode()
    row = re.search(r'<tr data-code="E1">(.*?)</tr>', ranking, re.S)
    assert row is not None
    assert "ts-estimate" in row.group(1)
    row = re.search(r'<tr data-code="M1">(.*?)</tr>', ranking, re.S)
    assert row is not None
    assert "ts-density" in row.group(1)
    assert "ts-estimate" not in row.group(1)
