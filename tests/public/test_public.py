"""The public page: no login, only what the secretariat published; the switches need PUBLISH."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_anonymous_sees_only_published(api_data: dict[str, Any]) -> None:
    page = Client().get("/public/").content.decode()
    assert "pub-1" in page
    assert "secret-1" not in page
    assert "other-1" not in page
    assert "Published summary text." in page
    assert "Secret meeting" not in page
    assert "provisional" in page.lower() or "предвар" in page.lower()


def test_every_public_api_endpoint_hides_unpublished(api_data: dict[str, Any]) -> None:
    client = Client()
    for url in (
        "/api/v1/public/facilities/",
        "/api/v1/public/facilities.geojson",
        "/api/v1/public/facilities.csv",
        "/api/v1/public/meetings/",
        "/api/v1/public/recommendations/",
    ):
        body = client.get(url).content.decode()
        assert "secret-1" not in body, url
        assert "Secret meeting" not in body, url
        assert "Secret recommendation" not in body, url
        assert "pub-1" in body or "First meeting" in body or "Published recommendation" in body, url
    assert client.get(f"/api/v1/public/facilities/{api_data['secret'].pk}/").status_code == 404
    assert (
        client.get(f"/api/v1/public/meetings/{api_data['meeting_secret'].pk}/").status_code == 404
    )
    assert (
        client.get(f"/api/v1/public/recommendations/{api_data['rec_secret'].pk}/").status_code
        == 404
    )
    # internal API: nothing for anonymous
    for url in ("/api/v1/facilities/", "/api/v1/meetings/", "/api/v1/alerts/"):
        assert client.get(url).status_code == 401


def test_internal_pages_redirect_anonymous_to_login(api_data: dict[str, Any]) -> None:
    client = Client()
    for url in ("/public/manage/", "/facilities/", "/notifications/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"], url
    response = client.post(f"/public/manage/facility/{api_data['secret'].pk}/", {"published": "1"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["co_chair", "member", "operator", "inspector", "guest"])
def test_only_publish_perm_switches(role: str, api_data: dict[str, Any], client_as: Any) -> None:
    client = client_as(role)
    assert client.get("/public/manage/").status_code == 403
    response = client.post(f"/public/manage/facility/{api_data['secret'].pk}/", {"published": "1"})
    assert response.status_code == 403
    api_data["secret"].refresh_from_db()
    assert not api_data["secret"].published


def test_secretariat_publishes_and_withdraws(api_data: dict[str, Any], client_as: Any) -> None:
    from tailsafe.core.audit import history_of

    client = client_as("secretariat")
    assert client.get("/public/manage/").status_code == 200
    secret = api_data["secret"]
    client.post(f"/public/manage/facility/{secret.pk}/", {"published": "1"})
    assert "secret-1" in Client().get("/public/").content.decode()
    assert history_of(secret)
    client.post(f"/public/manage/facility/{secret.pk}/", {"published": "0"})
    assert "secret-1" not in Client().get("/public/").content.decode()
    meeting = api_data["meeting_secret"]
    client.post(f"/public/manage/meeting/{meeting.pk}/", {"published": "1"})
    meeting.refresh_from_db()
    assert meeting.summary_published


@pytest.mark.parametrize("url", ["/public/manage/planet/1/", "/public/manage/facility/999999/"])
def test_bad_switch_input_is_a_message(url: str, api_data: dict[str, Any], client_as: Any) -> None:
    response = client_as("secretariat").post(url, {"published": "1"}, follow=True)
    assert response.status_code == 200
    assert response.context["messages"]


def test_archived_facility_cannot_be_published(api_data: dict[str, Any], users: Any) -> None:
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from tailsafe.public.services import set_published

    secret = api_data["secret"]
    secret.archived_at = timezone.now()
    secret.save()
    with pytest.raises(ValidationError):
        set_published(users["secretariat"], "facility", secret.pk, True)
