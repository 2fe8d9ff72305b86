"""Throughput from sources (data/facilities_throughput.csv) and the one-off recomputation of
facilities that an older database left without an index although a mass is known."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tailsafe.facilities.demo import recompute_unranked_with_quantity
from tailsafe.facilities.models import Facility
from tailsafe.facilities.throughput import apply_throughput
from tailsafe.methodology.models import HazardAssessment

pytestmark = pytest.mark.django_db


def test_throughput_fills_only_empty_fields_once(make_facility: Any) -> None:
    t12 = make_facility("T12", volume_m3=None)
    t07 = make_facility("T07", volume_m3=None, operating_years=Decimal(10))  # a person's value
    assert set(apply_throughput()) == {"T12", "T07"}
    t12.refresh_from_db()
    t07.refresh_from_db()
    assert (t12.throughput_t_per_year, t12.operating_years) == (Decimal(650000), Decimal(46))
    assert t12.source_of("operating_years")["confidence"] == "low"
    assert t07.operating_years == Decimal(10)  # kept
    assert t12.current_assessment.estimate
    assert apply_throughput() == []  # nothing left to fill


def test_an_old_error_with_a_mass_is_recomputed_once(make_facility: Any) -> None:
    f = make_facility("OLD", volume_m3=None, mass_t=Decimal(400_000))
    HazardAssessment.objects.filter(pk=f.current_assessment_id).update(
        error="tailings volume required", thi_max=None
    )
    assert recompute_unranked_with_quantity() == 1
    f = Facility.objects.get(pk=f.pk)
    assert f.current_assessment.thi_max is not None
    assert not f.current_assessment.error
    assert recompute_unranked_with_quantity() == 0
