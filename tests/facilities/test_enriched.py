"""The enriched inventory (issue 17, item 1): loaded into the seed, idempotent, never over what
the secretariat confirmed or anyone edited; statuses coded; Tajik names; sources labelled."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tailsafe.facilities import candidates, enriched, services
from tailsafe.facilities.inventory import single_number, source_kind, split_sources, status_of
from tailsafe.facilities.models import Facility


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("legacy; operated 1963-1993", "legacy"),
        ("partly remediated: low-grade-ore factory", "legacy"),
        ("remediated 2022-Oct 2023 (Rosatom/CPTI)", "remediated"),
        ("operating intermittently (MFA 2021)", "operating"),
        ("idle since June 2013 (restart sought)", "closed"),
        ("fluorite reserves exhausted early 1990s", None),
        ("", None),
    ],
)
def test_status_word(text: str, code: str | None) -> None:
    assert status_of(text) == code


def test_a_range_is_not_one_number() -> None:
    assert single_number("3.45") == Decimal("3.45")
    assert single_number("20000000") == Decimal(20_000_000)
    assert single_number("22-25") is None
    assert single_number(">90") is None
    assert single_number("") is None


def test_forum_and_news_sources_are_told_apart() -> None:
    forum = "http://germany-forum.ru/showpost.php?s=bd26&p=169765&postcount=9"
    assert source_kind(forum) == "forum"
    assert source_kind("https://www.asiaplustj.info/en/news/x") == "news"
    assert source_kind("https://eurasianet.org/asianet-environment-11") == "news"
    assert source_kind("https://www.istc.int/en/project/4F1F") == "other"
    assert split_sources("https://a.tj/x ; https://b.tj/y") == ["https://a.tj/x", "https://b.tj/y"]


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_all_nineteen_loaded_once_with_tajik_names_and_coded_status() -> None:
    candidates.load_candidates()
    first = enriched.apply_enriched()
    assert first.added == ["T17", "T18", "T19"]
    again = enriched.apply_enriched()
    assert again.added == []
    assert again.updated == {}
    assert again.kept == {}
    assert Facility.objects.count() == 19
    assert Facility.objects.exclude(latitude=None).count() >= 17
    for f in Facility.objects.all():
        assert f.name_tg, f.code
        assert f.status in Facility.Status.values
        assert f.source_of("name_tg")["confidence"] == "medium"
    t01 = Facility.objects.get(code="T01")
    assert t01.status == "legacy"
    assert t01.mass_t == Decimal(36_000_000)
    assert t01.coord_uncertainty_km == Decimal(10)
    assert t01.area_ha == Decimal(90)
    # the file's straight-line figure is not loaded: the platform computes it (UZ 33.8 km)
    assert t01.distance_to_border_km is None
    assert not t01.source_of("distance_to_border_km")
    computed = t01.border_distance()
    assert computed is not None
    assert computed.country == "UZ"
    assert abs(computed.km - 33.8) < 0.3
    t05 = Facility.objects.get(code="T05")  # dam height 22-25 m: a range, kept in the notes
    assert t05.dam_height_m is None
    assert "22-25" in t05.notes
    t17 = Facility.objects.get(code="T17")
    assert t17.status == "remediated"
    assert t17.confirmation == "candidate"
    assert t17.latest_assessment is not None


@pytestmark_db
def test_edited_and_confirmed_values_are_never_overwritten(users: dict[str, Any]) -> None:
    candidates.load_candidates()
    t06 = Facility.objects.get(code="T06")
    services.update_facility(users["secretariat"], t06, {"river": "Yaghnob (checked on site)"})
    t10 = Facility.objects.get(code="T10")
    services.update_facility(users["secretariat"], t10, {"name_en": "Aprelevka tailings"})
    services.confirm_facility(users["secretariat"], Facility.objects.get(code="T10"))
    report = enriched.apply_enriched()
    t06.refresh_from_db()
    assert t06.river == "Yaghnob (checked on site)"
    assert "river" in report.kept["T06"]
    assert t06.coord_uncertainty_km == Decimal(15)  # an empty field is still filled
    t10 = Facility.objects.get(code="T10")
    assert t10.name_en == "Aprelevka tailings"
    assert t10.name_tg  # confirmed: only the empty fields were filled
    assert t10.confirmation == "confirmed"
    last = t10.history.order_by("-history_id").first()
    assert "facilities_enriched.csv" in last.history_change_reason


@pytestmark_db
def test_the_page_labels_a_forum_source(users: dict[str, Any], english: None) -> None:
    candidates.load_candidates()
    enriched.apply_enriched()
    client = Client()
    client.force_login(users["secretariat"])
    t01 = Facility.objects.get(code="T01")
    page = client.get(f"/facilities/{t01.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "germany-forum.ru" in html
    assert "forum post: unverified" in html
    assert "news report" in html
    assert 'id="f-coord_uncertainty_km"' in html
