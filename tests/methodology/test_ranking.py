"""The one ranking (issue 17, item 4; methodology.ranking.rank): THI_max first, THI_min beside
it, estimates marked, the unranked counted with their reason, now or at a past moment; each
facility points at its current assessment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tailsafe.facilities.models import Facility
from tailsafe.methodology import ranking
from tailsafe.methodology.models import HazardAssessment
from tailsafe.methodology.services import recompute_assessment

pytestmark = pytest.mark.django_db

KNOWN = {
    "wgk": "2",
    "management": "deficient",
    "flood": "prone",
    "seismic": "high",
    "dam_condition": "minor",
}


def make(code: str, assess: bool = True, **values: Any) -> Facility:
    facility = Facility.objects.create(code=code, name_ru=code, name_en=code, **{**KNOWN, **values})
    if assess:
        recompute_assessment(facility, reason="test")
    return facility


def active() -> Any:
    return Facility.objects.filter(archived_at__isnull=True)


def test_thi_max_first_then_thi_min_beside_it() -> None:
    # same THI max (dam unknown counts its maximum, 2 = serious); the surer one ranks first
    make("A", volume_m3=Decimal(10**6), dam_condition="")
    make("B", volume_m3=Decimal(10**6), dam_condition="serious")
    make("C", volume_m3=Decimal(10**8))
    rows = ranking.rank(active()).rows
    codes = [Facility.objects.get(pk=r["facility_id"]).code for r in rows]
    assert codes == ["C", "B", "A"]
    a, b = rows[2], rows[1]
    assert a["thi_max"] == b["thi_max"]
    assert a["thi_min"] < b["thi_min"]
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert [r["tertile"] for r in rows] == [1, 2, 3]


def test_unranked_are_counted_with_their_reason() -> None:
    make("R", volume_m3=Decimal(10**6))
    make("N1", volume_m3=None)
    make("N2", volume_m3=None)
    make("Z", assess=False, volume_m3=Decimal(10**6))
    result = ranking.rank(active())
    assert result.total == 1
    assert result.unranked == {ranking.NO_VOLUME: 2, ranking.NOT_ASSESSED: 1}
    assert result.unranked_total == 3
    by_code = {Facility.objects.get(pk=r["facility_id"]).code: r for r in result.rows}
    assert by_code["R"]["unranked_reason"] == ""
    assert by_code["N1"]["rank"] is None
    assert by_code["N1"]["unranked_reason"] == "no_volume"
    assert by_code["Z"]["unranked_reason"] == "not_assessed"
    assert [u["reason"] for u in result.unranked_rows()] == ["no_volume", "not_assessed"]


def test_a_mass_and_an_estimate_are_ranked_and_marked() -> None:
    make("M", volume_m3=None, mass_t=Decimal(12_000_000))
    make("E", volume_m3=None, throughput_t_per_year=Decimal(650_000), operating_years=46)
    make("V", volume_m3=Decimal(10**6))
    rows = {Facility.objects.get(pk=r["facility_id"]).code: r for r in ranking.rank(active()).rows}
    assert all(rows[c]["rank"] for c in "MEV")
    assert rows["E"]["estimate"]
    assert not rows["M"]["estimate"]
    assert not rows["V"]["estimate"]
    assert rows["M"]["thi_min"] < rows["M"]["thi_max"]
    assert rows["M"]["provisional"]
    assert rows["E"]["provisional"]
    estimate = HazardAssessment.objects.get(pk=rows["E"]["assessment_id"])
    assert estimate.estimate
    assert estimate.volume_basis == "throughput_estimate"
    assert estimate.thi is None  # an interval, never a single number


def test_the_facility_points_at_its_newest_assessment() -> None:
    f = make("P", volume_m3=Decimal(10**6))
    first = f.current_assessment
    assert first is not None
    assert Facility.objects.get(pk=f.pk).current_assessment == first
    f.volume_m3 = Decimal(10**8)
    f.save()
    second = recompute_assessment(f, reason="edited")
    assert Facility.objects.get(pk=f.pk).current_assessment == second
    # an older row never replaces a newer one
    Facility.objects.filter(pk=f.pk).filter(current_assessment_id__lt=first.pk).update(
        current_assessment=first
    )
    assert Facility.objects.get(pk=f.pk).current_assessment == second


def test_ranking_at_a_past_moment_reads_the_history() -> None:
    big = make("BIG", volume_m3=Decimal(10**8))
    small = make("SMALL", volume_m3=Decimal(10**5))
    past = timezone.now() + dt.timedelta(seconds=1)
    HazardAssessment.objects.update(computed_at=past - dt.timedelta(days=1))
    small.volume_m3 = Decimal(10**9)
    small.save()
    recompute_assessment(small, reason="grew")
    HazardAssessment.objects.filter(facility=small, reason="grew").update(
        computed_at=past + dt.timedelta(days=1)
    )
    then = ranking.rank(active(), moment=past)
    now = ranking.rank(active())
    assert [r["facility_id"] for r in then.rows] == [big.pk, small.pk]
    assert [r["facility_id"] for r in now.rows] == [small.pk, big.pk]
    assert ranking.rank(active(), moment=past - dt.timedelta(days=2)).unranked == {
        ranking.NOT_ASSESSED: 2
    }
