"""The ranking at national scale (issue 9): pages that show a few rows of the ranking read the
order from the index columns (methodology.ranking.rank, through Facility.current_assessment)
and load only the rows they show (ranking.with_objects), and the number of queries of a page
must not grow with the number of facilities."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tailsafe.facilities import views
from tailsafe.facilities.dashboard import highest_hazard
from tailsafe.facilities.models import Facility
from tailsafe.methodology import ranking
from tailsafe.methodology import services as methodology
from tailsafe.methodology.models import HazardAssessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(make_facility: Callable[..., Any], users: dict[str, Any]) -> list[Any]:
    """Facilities with distinct indexes, ties broken by code, unknown volumes, an archived one,
    and one recomputed after an edit (its latest assessment is the second)."""
    made = [
        make_facility("S-10", volume_m3=Decimal("1e7")),
        make_facility("S-02", volume_m3=Decimal("1e5")),
        make_facility("S-03", volume_m3=Decimal("1e6")),
        make_facility("S-04", volume_m3=Decimal("1e6")),  # ties S-03: code decides
        make_facility("S-05", volume_m3=None),
        make_facility("S-01", volume_m3=None),
        make_facility("S-06", volume_m3=Decimal("5e6"), dam_condition="serious"),
        make_facility("S-07", volume_m3=Decimal("5e6"), dam_condition=""),
    ]
    archived = make_facility("S-08", volume_m3=Decimal("1e9"))
    archived.mark_archived()
    archived.save()
    edited = made[1]
    edited.volume_m3 = Decimal("1e8")
    edited.save()
    methodology.recompute_assessment(edited, reason="edited")
    return made


def test_the_one_ranking_orders_ties_and_unranked(portfolio: list[Any]) -> None:
    qs = Facility.objects.filter(archived_at__isnull=True)
    portfolio_ranking, full = ranking.ranked_rows(qs)
    codes = [r["facility"].code for r in full]
    assert codes.index("S-02") < codes.index("S-10")  # the edit (latest assessment) counts
    assert codes.index("S-03") + 1 == codes.index("S-04")  # a tie: by code
    assert codes[-2:] == ["S-01", "S-05"]  # unranked, by code
    assert portfolio_ranking.total == 6
    assert portfolio_ranking.unranked == {ranking.NO_VOLUME: 2}
    assert [r["unranked_reason"] for r in full[-2:]] == [ranking.NO_VOLUME] * 2
    for row in full:
        assert row["assessment"] == row["facility"].assessments.order_by("-id").first()
        one = portfolio_ranking.of(row["facility"].pk)
        assert (one["rank"], one["tertile"], one["total"]) == (
            row["rank"],
            row["tertile"],
            row["total"],
        )
    archived = Facility.objects.get(code="S-08")
    assert portfolio_ranking.of(archived.pk)["rank"] is None


def test_ranking_page_shows_one_page_in_rank_order(
    portfolio: list[Any], client_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views.portfolio, "RANKING_PAGE", 3)  # where the ranking page reads it
    codes = [
        r["facility"].code
        for r in ranking.ranked_rows(Facility.objects.filter(archived_at__isnull=True))[1]
    ]
    client = client_as("member")
    shown = []
    for page in (1, 2, 3):
        body = client.get(reverse("facilities:ranking"), {"page": page}).content.decode()
        shown += re.findall(r'<tr data-code="([^"]+)"', body)
        assert "pagination" in body
    assert shown == codes  # every facility once, in rank order, ranks continuing
    body = client.get(reverse("facilities:ranking"), {"page": 2}).content.decode()
    assert "<td>4</td>" in body
    assert "2 / 3" in body


def _cost(client: Any, url: str) -> tuple[int, int]:
    """(SQL queries, facilities and hazard assessments built as objects) of one request, with
    an empty cache (the dashboard's cached panels built, as after any write)."""
    from django.core.cache import cache

    cache.clear()
    built = []

    def count(sender: Any, **kwargs: Any) -> None:
        built.append(sender)

    post_init.connect(count, sender=Facility)
    post_init.connect(count, sender=HazardAssessment)
    try:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
    finally:
        post_init.disconnect(count, sender=Facility)
        post_init.disconnect(count, sender=HazardAssessment)
    return len(ctx.captured_queries), len(built)


def test_cost_does_not_grow_with_the_number_of_facilities(
    portfolio: list[Any],
    make_facility: Callable[..., Any],
    client_as: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views.portfolio, "RANKING_PAGE", 3)  # where the ranking page reads it
    client = client_as("secretariat")
    one = portfolio[2]
    urls = [
        reverse("facilities:ranking"),
        reverse("facilities:detail", args=[one.pk]),
        reverse("dashboard:home"),
    ]
    before = [_cost(client, url) for url in urls]
    for i in range(12):
        make_facility(f"S-9{i:02d}", volume_m3=Decimal(10 ** (3 + i % 5)))
    assert [_cost(client, url) for url in urls] == before


def test_highest_hazard_panel_is_the_top_five(portfolio: list[Any], users: dict[str, Any]) -> None:
    ranked = ranking.ranked_rows(Facility.objects.filter(archived_at__isnull=True))[1]
    panel = highest_hazard(users["member"])
    assert panel is not None
    assert [(r["facility"], r["assessment"], r["rank"]) for r in panel["rows"]] == [
        (r["facility"], r["assessment"], r["rank"]) for r in ranked[:5]
    ]


def test_facility_page_shows_rank_and_latest_index(portfolio: list[Any], client_as: Any) -> None:
    qs = Facility.objects.filter(archived_at__isnull=True)
    row = next(r for r in ranking.ranked_rows(qs)[1] if r["facility"].code == "S-02")
    response = client_as("member").get(reverse("facilities:detail", args=[row["facility"].pk]))
    rank = re.search(r'id="rank-value">([^<]*)<', response.content.decode())
    assert rank is not None
    assert rank.group(1).split() == [str(row["rank"]), "/", "6"]
    assert response.context["assessment"] == row["assessment"]  # the edited, latest one
    assert response.context["assessment"].reason == "edited"
