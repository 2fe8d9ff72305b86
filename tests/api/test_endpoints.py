"""API behaviour: private data, filters, pagination, exports, conditional GET, writes through
the monitoring service; every JSON answer is validated against the OpenAPI document."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.api.schema_check import validate

pytestmark = pytest.mark.django_db


def test_members_hide_contact_data_from_non_secretariat(
    api_data: dict[str, Any], api_client_as: Any
) -> None:
    for role in ("member", "co_chair", "operator", "inspector"):
        response = api_client_as(role).get("/api/v1/members/")
        validate(response)
        row = response.json()["results"][0]
        assert row["email"] is None
        assert row["phone"] is None
        assert b"charlie.private" not in response.content
    response = api_client_as("secretariat").get("/api/v1/members/")
    validate(response)
    assert response.json()["results"][0]["email"] == "charlie.private@example.org"


def test_every_list_matches_the_schema(api_data: dict[str, Any], api_client_as: Any) -> None:
    client = api_client_as("secretariat")
    for url in (
        "/api/v1/institutions/",
        "/api/v1/members/",
        "/api/v1/meetings/",
        "/api/v1/action-items/",
        "/api/v1/facilities/",
        "/api/v1/hazard-assessments/",
        "/api/v1/parameter-sets/",
        "/api/v1/monitoring-points/",
        "/api/v1/observations/",
        "/api/v1/alerts/",
        "/api/v1/public/facilities/",
        "/api/v1/public/meetings/",
        f"/api/v1/facilities/{api_data['pub'].pk}/",
        f"/api/v1/meetings/{api_data['meeting_pub'].pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        validate(response)


def test_hazard_results_carry_their_parameter_set(
    api_data: dict[str, Any], api_client_as: Any
) -> None:
    response = api_client_as("member").get("/api/v1/hazard-assessments/?facility_code=pub-1")
    validate(response)
    (row,) = response.json()["results"]
    assert row["parameter_set"]["name"] == "provisional-1"
    assert row["parameter_set"]["provisional"] is True
    facility = api_client_as("member").get(f"/api/v1/facilities/{api_data['pub'].pk}/").json()
    assert facility["hazard"]["provisional"] is True
    assert facility["hazard"]["parameter_set"] == "provisional-1"


def test_filters_ordering_pagination(api_data: dict[str, Any], api_client_as: Any) -> None:
    client = api_client_as("secretariat")
    codes = [r["code"] for r in client.get("/api/v1/facilities/?basin=zeravshan").json()["results"]]
    assert codes == ["secret-1"]
    ordered = client.get("/api/v1/facilities/?ordering=-code").json()["results"]
    assert [r["code"] for r in ordered] == sorted((r["code"] for r in ordered), reverse=True)
    page = client.get("/api/v1/facilities/?page_size=1&page=2")
    validate(page)
    assert page.json()["count"] == 3
    assert len(page.json()["results"]) == 1
    assert client.get("/api/v1/alerts/?status=open&basin=syr_darya").json()["count"] == 1
    assert client.get("/api/v1/alerts/?opened_from=2999-01-01").json()["count"] == 0
    assert client.get("/api/v1/observations/?level=alarm&point_code=DN-1").json()["count"] == 1
    assert client.get("/api/v1/action-items/?institution=academy").json()["count"] == 1


@pytest.mark.parametrize(
    "query",
    [
        "basin=nowhere",
        "page=999",
        "page=abc",
        "ordering=nonsense",
        "status=%00",
        "code=" + "x" * 500,
    ],
)
def test_bad_query_is_a_client_error_not_a_500(
    query: str, api_data: dict[str, Any], api_client_as: Any
) -> None:
    response = api_client_as("secretariat").get(f"/api/v1/facilities/?{query}")
    assert response.status_code in (200, 400, 404)
    validate(response)


def test_bad_dates_and_ids(api_data: dict[str, Any], api_client_as: Any) -> None:
    client = api_client_as("secretariat")
    for url in (
        "/api/v1/observations/?taken_after=yesterday",
        "/api/v1/alerts/?opened_from=2024-13-45",
        "/api/v1/facilities/99999999999999999/",
        "/api/v1/facilities/abc/",
        "/api/v1/observations/?point=99999999999999999999999",
    ):
        response = client.get(url)
        assert response.status_code in (400, 404), url
    # an offset PostgreSQL refuses (found by schemathesis) is converted to UTC first
    odd = client.get("/api/v1/observations/?taken_before=0675-02-01T04:26:26%2B18:18")
    assert odd.status_code == 200


def test_geojson_is_rfc7946(api_data: dict[str, Any], api_client_as: Any) -> None:
    response = api_client_as("member").get("/api/v1/facilities.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    pub = next(f for f in data["features"] if f["id"] == "pub-1")
    assert pub["geometry"] == {"type": "Point", "coordinates": [69.6, 40.2]}  # lon, lat
    assert pub["properties"]["parameter_set"] == "provisional-1"
    other = next(f for f in data["features"] if f["id"] == "other-1")
    assert other["geometry"] is None


def test_csv_export(api_data: dict[str, Any], api_client_as: Any) -> None:
    response = api_client_as("member").get("/api/v1/facilities.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["code"] for r in rows} == {"pub-1", "secret-1", "other-1"}
    assert "provisional" in rows[0]


def test_conditional_get(api_data: dict[str, Any], api_client_as: Any) -> None:
    client = api_client_as("secretariat")
    for url in ("/api/v1/facilities/", "/api/v1/observations/", "/api/v1/public/facilities/"):
        first = client.get(url)
        etag = first["ETag"]
        assert etag
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    first = client.get("/api/v1/facilities/")
    assert first["Last-Modified"]
    assert (
        client.get("/api/v1/facilities/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 304
    )
    # a change makes the copy stale
    facility = api_data["pub"]
    facility.name_en = "Renamed"
    facility.save()
    assert client.get("/api/v1/facilities/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_operator_writes_observations_for_own_points_only(
    api_data: dict[str, Any], api_client_as: Any
) -> None:
    from tailsafe.monitoring.models import AlertEvent, Observation

    client = api_client_as("operator")
    body = {
        "point": "DN-1",
        "parameter": "arsenic",
        "taken_at": "2025-01-05T10:00:00+05:00",
        "value": "0.08",
        "unit": "mg/L",
    }
    response = client.post("/api/v1/observations/", body, format="json")
    assert response.status_code == 201, response.content
    validate(response, "POST")
    assert Observation.objects.filter(point=api_data["point"]).count() == 2
    # the same reading twice: refused by the monitoring service, not a 500
    again = client.post("/api/v1/observations/", body, format="json")
    assert again.status_code == 400
    validate(again, "POST")
    other = client.post("/api/v1/observations/", {**body, "point": "OT-1"}, format="json")
    assert other.status_code == 403
    assert AlertEvent.objects.count() >= 1


@pytest.mark.parametrize(
    "body",
    [
        {"point": "NOPE", "parameter": "arsenic", "taken_at": "2025-01-05T10:00", "value": "1"},
        {"point": "DN-1", "parameter": "gold", "taken_at": "2025-01-05T10:00", "value": "1"},
        {"point": "DN-1", "parameter": "arsenic", "taken_at": "soon", "value": "1"},
        {"point": "DN-1", "parameter": "arsenic", "taken_at": "2025-01-05T10:00", "value": "x"},
        {
            "point": "DN-1",
            "parameter": "arsenic",
            "taken_at": "2025-01-05T10:00",
            "value": "1",
            "unit": "furlongs",
        },
    ],
)
def test_bad_observations_are_400(
    body: dict[str, str], api_data: dict[str, Any], api_client_as: Any
) -> None:
    response = api_client_as("secretariat").post("/api/v1/observations/", body, format="json")
    assert response.status_code == 400, response.content
    validate(response, "POST")


def test_openapi_document_and_docs_are_offline(client: Any, api_data: dict[str, Any]) -> None:
    response = client.get("/api/v1/openapi.json")
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/facilities/" in doc["paths"]
    docs = client.get("/api/v1/docs/").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/vendor/swagger-ui/" in docs
