"""One ranking everywhere (issue 17, done means): after load_demo on a fresh database all 19
facilities exist, every facility with a mass, volume or throughput is ranked with its interval,
and the ranking page, the term report, the API and the map's GeoJSON agree on the ranks."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tailsafe.core.models import User
from tailsafe.correspondence import termreport
from tailsafe.facilities.models import Facility
from tailsafe.methodology import ranking

pytestmark = pytest.mark.django_db

ESTIMATES = {"T07", "T08", "T11", "T12"}  # data/facilities_throughput.csv


@pytest.fixture
def demo() -> User:
    call_command("load_demo", stdout=io.StringIO())
    return User.objects.get(username="demo-secretariat")


def test_demo_ranks_every_facility_with_a_quantity(demo: User) -> None:
    facilities = Facility.objects.filter(archived_at__isnull=True, code__regex=r"^T\d\d$")
    assert facilities.count() == 19
    result = ranking.rank(Facility.objects.filter(archived_at__isnull=True))
    rows = {r["facility_id"]: r for r in result.rows}
    with_quantity = 0
    for f in facilities:
        row = rows[f.pk]
        if f.volume_m3 or f.mass_t or (f.throughput_t_per_year and f.operating_years):
            with_quantity += 1
            assert row["rank"], f.code
            assert row["thi_min"] is not None, f.code
            assert row["thi_min"] <= row["thi_max"], f.code
        else:
            assert row["rank"] is None, f.code
            assert row["unranked_reason"] == ranking.NO_VOLUME, f.code
    assert with_quantity >= 8  # T01, T04, T05, T17 (mass or volume) and four throughputs
    estimates = {
        Facility.objects.get(pk=r["facility_id"]).code for r in result.rows if r["estimate"]
    }
    assert estimates == ESTIMATES


def test_ranking_page_term_report_api_and_map_agree(demo: User) -> None:
    client = Client()
    client.force_login(demo)
    body = client.get(reverse("facilities:ranking")).content.decode()
    page = {
        code: int(rank)
        for code, rank in re.findall(r'<tr data-code="([^"]+)">\s*<td>(\d+)</td>', body)
    }
    counts = re.search(r'id="ranking-counts">(.*?)</p>', body, re.S)
    portfolio = ranking.rank(Facility.objects.filter(archived_at__isnull=True))
    assert counts is not None
    assert str(portfolio.unranked_total) in counts.group(1)
    assert len(page) == portfolio.total
    report = {
        r["facility"].code: r["after"] for r in termreport.ranking_changes(timezone.now().year)
    }
    api = APIClient()
    api.force_authenticate(demo)
    results: list[dict[str, Any]] = []
    url: str | None = "/api/v1/facilities/?page_size=100"
    while url:
        data = api.get(url).json()
        results += data["results"]
        url = data.get("next")
    from_api = {r["code"]: r["hazard"]["rank"] for r in results if r["hazard"]["rank"]}
    geo = client.get(reverse("facilities:export_geojson")).json()
    from_map = {
        f["id"]: f["properties"]["rank"] for f in geo["features"] if f["properties"]["rank"]
    }
    assert page == report == from_api == from_map
    assert {r["code"] for r in results if r["hazard"]["thi_estimate"]} == ESTIMATES
    rows = api.get("/api/v1/hazard-assessments/?facility_code=T12").json()["results"]
    assert rows[0]["estimate"] is True
    assert rows[0]["volume_basis"] == "throughput_estimate"
    assert rows[0]["volume_min_m3"] < rows[0]["volume_max_m3"]
    for feature in geo["features"]:
        props = feature["properties"]
        assert {"thi_min", "thi_max", "rank", "thi_estimate", "provisional"} <= set(props)
