"""Published recommendations (with their status) and public CAP warnings on the public page:
only what the secretariat switched on is visible without login."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tailsafe.public import services

pytestmark = pytest.mark.django_db

XSD = Path(__file__).resolve().parents[2] / "src/tailsafe/monitoring/data/CAP-v1.2.xsd"


@pytest.fixture
def recommendations(api_data: dict[str, Any]) -> dict[str, Any]:
    from tailsafe.followup.models import Recommendation
    from tailsafe.governance.models import Institution

    def make(text: str, stage: str) -> Recommendation:
        return Recommendation.objects.create(
            text=text,
            term="short",
            addressee=Institution.objects.get(key="industry"),
            facility=api_data["pub"],
            due_date=dt.date(2027, 6, 30),
            stage=stage,
            status="in_progress",
            progress=40,
        )

    return {
        "adopted": make("Укрепить гребень дамбы", "adopted"),
        "other": make("Unpublished adopted measure", "adopted"),
        "draft": make("Draft measure never adopted", "draft"),
    }


def test_anonymous_sees_a_published_recommendation_and_its_status(
    recommendations: dict[str, Any], users: dict[str, Any]
) -> None:
    services.set_published(
        users["secretariat"], "recommendation", recommendations["adopted"].pk, True
    )
    page = Client().get("/public/").content.decode()
    assert "Укрепить гребень дамбы" in page
    assert "40%" in page
    assert "Unpublished adopted measure" not in page
    assert "Draft measure never adopted" not in page


def test_a_draft_recommendation_cannot_be_published(
    recommendations: dict[str, Any], users: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        services.set_published(
            users["secretariat"], "recommendation", recommendations["draft"].pk, True
        )
    recommendations["draft"].refresh_from_db()
    assert not recommendations["draft"].published


def test_public_cap_warning(api_data: dict[str, Any], users: dict[str, Any]) -> None:
    from lxml import etree

    alert = api_data["alert"]
    anonymous = Client()
    assert anonymous.get(f"/public/alerts/{alert.pk}/cap.xml").status_code == 404
    assert f"/public/alerts/{alert.pk}/cap.xml" not in anonymous.get("/public/").content.decode()
    services.set_published(users["secretariat"], "alert", alert.pk, True)
    assert f"/public/alerts/{alert.pk}/cap.xml" in anonymous.get("/public/").content.decode()
    response = anonymous.get(f"/public/alerts/{alert.pk}/cap.xml")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    schema.assertValid(etree.fromstring(response.content))


def test_only_the_secretariat_publishes_recommendations(
    recommendations: dict[str, Any], client_as: Any
) -> None:
    pk = recommendations["adopted"].pk
    assert (
        client_as("member")
        .post(f"/public/manage/recommendation/{pk}/", {"published": "1"})
        .status_code
        == 403
    )
    recommendations["adopted"].refresh_from_db()
    assert not recommendations["adopted"].published
    response = client_as("secretariat").post(
        f"/public/manage/recommendation/{pk}/", {"published": "1"}
    )
    assert response.status_code == 302
    recommendations["adopted"].refresh_from_db()
    assert recommendations["adopted"].published
    assert client_as("secretariat").get("/public/manage/").status_code == 200
