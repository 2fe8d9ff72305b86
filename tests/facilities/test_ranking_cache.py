"""The ranking page's rows are cached as HTML (issue 20): built again after a recomputation,
an edit of a facility or of the parameter set, per language, and never shown to a reader who
may not see them (the key holds the rows of the reader's page)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tailsafe.facilities.models import Facility
from tailsafe.governance.models import Institution
from tailsafe.methodology.services import recompute_assessment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _page(client: Client, language: str = "") -> tuple[list[str], str, int]:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    if language:
        client.cookies["django_language"] = language
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("facilities:ranking"), **headers)
    assert response.status_code == 200
    body = response.content.decode()
    return re.findall(r'<tr data-code="([^"]+)"', body), body, len(ctx.captured_queries)


def test_a_recomputed_or_renamed_facility_shows_at_once(
    make_facility: Callable[..., Any], client_as: Callable[[str], Client]
) -> None:
    for i in range(3):
        make_facility(f"RC-{i}", volume_m3=Decimal(10 ** (7 - i)))  # RC-0 the largest
    client = client_as("secretariat")
    codes, _, cold = _page(client)
    again, _, warm = _page(client)
    assert codes == again == ["RC-0", "RC-1", "RC-2"]
    assert warm < cold  # the rows came from the cache
    smallest = Facility.objects.get(code="RC-2")
    smallest.volume_m3 = Decimal(10**9)
    smallest.save()
    recompute_assessment(smallest, reason="volume corrected")
    codes, _, _ = _page(client)
    assert codes == ["RC-2", "RC-0", "RC-1"]
    smallest.name_en = "Renamed pond"
    smallest.save()
    _, body, _ = _page(client)
    assert "RC-2 · Renamed pond" in body


def test_each_reader_sees_only_their_rows_in_their_language(
    make_facility: Callable[..., Any],
    make_user: Callable[..., Any],
    client_as: Callable[[str], Client],
) -> None:
    industry = Institution.objects.get(key="industry")
    make_facility("OWN-1", volume_m3=Decimal(10**5), operator=industry)
    make_facility("ALL-1", volume_m3=Decimal(10**8))
    secretariat = client_as("secretariat")
    assert _page(secretariat)[0] == ["ALL-1", "OWN-1"]
    operator = Client()
    operator.force_login(make_user("operator", username="op1", institution="industry"))
    assert _page(operator)[0] == ["OWN-1"]  # not the secretariat's cached rows
    assert _page(secretariat)[0] == ["ALL-1", "OWN-1"]
    english = _page(secretariat)[1]
    russian = _page(secretariat, "ru")[1]
    assert "top third" in english
    assert "top third" not in russian


def test_a_facility_page_shows_its_rank_after_a_recompute_or_an_archive(
    make_facility: Callable[..., Any], client_as: Callable[[str], Client]
) -> None:
    """The portfolio a facility's page reads its rank from is cached (facilities.indexes)."""
    made = [make_facility(f"RK-{i}", volume_m3=Decimal(10 ** (7 - i))) for i in range(3)]
    client = client_as("secretariat")

    def rank_of(facility: Any) -> str:
        body = client.get(reverse("facilities:detail", args=[facility.pk])).content.decode()
        return body.split('id="rank-value">', 1)[1].split(" ", 1)[0]

    assert rank_of(made[2]) == "3"
    made[2].volume_m3 = Decimal(10**9)
    made[2].save()
    recompute_assessment(made[2], reason="volume corrected")
    assert rank_of(made[2]) == "1"
    made[0].mark_archived()
    made[0].save()
    assert _page(client)[0] == ["RK-2", "RK-1"]
    assert rank_of(made[1]) == "2"


def test_a_facility_page_shows_an_edit_and_a_renamed_operator_at_once(
    make_facility: Callable[..., Any], client_as: Callable[[str], Client]
) -> None:
    """The recorded fields of a facility's page are cached as HTML under the same version."""
    industry = Institution.objects.get(key="industry")
    facility = make_facility("FD-1", operator=industry, river="Syr Darya")
    client = client_as("secretariat")
    url = reverse("facilities:detail", args=[facility.pk])

    def field(name: str) -> str:
        body = client.get(url).content.decode()
        return body.split(f'id="f-{name}">', 1)[1].split("</dd>", 1)[0]

    assert "Syr Darya" in field("river")
    assert field("river") == field("river")  # from the cache
    facility.river = "Isfara"
    facility.save()
    assert "Isfara" in field("river")
    industry.name_en = "Ministry renamed by decree"
    industry.save()
    assert "Ministry renamed by decree" in field("operator")
