"""Every API endpoint, every role and anonymous, against the expected matrix (P2, P4).

The API uses the web's permission layer (core.permissions); this test writes out what each
role may do so a change in either shows up here."""

from __future__ import annotations

from typing import Any

import pytest

from tailsafe.core.permissions import Perm, has_perm

INTERNAL = [
    "/api/v1/",
    "/api/v1/institutions/",
    "/api/v1/institutions/{institution}/",
    "/api/v1/members/",
    "/api/v1/members/{membership}/",
    "/api/v1/meetings/",
    "/api/v1/meetings/{meeting_secret}/",
    "/api/v1/action-items/",
    "/api/v1/action-items/{action}/",
    "/api/v1/recommendations/",
    "/api/v1/recommendations/{rec_secret}/",
    "/api/v1/facilities/",
    "/api/v1/facilities/{secret}/",
    "/api/v1/facilities.geojson",
    "/api/v1/facilities.csv",
    "/api/v1/hazard-assessments/",
    "/api/v1/hazard-assessments/{assessment}/",
    "/api/v1/parameter-sets/",
    "/api/v1/parameter-sets/{parameter_set}/",
    "/api/v1/monitoring-points/",
    "/api/v1/monitoring-points/{point}/",
    "/api/v1/observations/",
    "/api/v1/observations/{observation}/",
    "/api/v1/observations/export/",
    "/api/v1/alerts/",
    "/api/v1/alerts/{alert}/",
]
PUBLIC = [
    "/api/v1/openapi.json",
    "/api/v1/docs/",
    "/api/v1/public/facilities/",
    "/api/v1/public/facilities/{pub}/",
    "/api/v1/public/facilities.geojson",
    "/api/v1/public/facilities.csv",
    "/api/v1/public/meetings/",
    "/api/v1/public/meetings/{meeting_pub}/",
    "/api/v1/public/recommendations/",
    "/api/v1/public/recommendations/{rec_pub}/",
]
# Who may read internal data and who may submit observations, written out on purpose.
READERS = {"secretariat", "co_chair", "member", "operator", "inspector", "admin"}
SUBMITTERS = {"secretariat", "operator", "inspector", "admin"}
ROLES = ["secretariat", "co_chair", "member", "operator", "inspector", "guest", "admin"]
# Records outside a role's data scope (docs/permissions.md) answer 404, as on the web: the
# operator (institution "industry") is not invited to the secret meeting, not responsible for
# the action item and not the addressee of the unpublished recommendation; the inspector reads
# recommendations about facilities but neither the meeting nor the other institution's item.
OUT_OF_SCOPE = {
    "operator": {
        "/api/v1/meetings/{meeting_secret}/",
        "/api/v1/action-items/{action}/",
        "/api/v1/recommendations/{rec_secret}/",
    },
    "inspector": {"/api/v1/meetings/{meeting_secret}/", "/api/v1/action-items/{action}/"},
}


def _ids(api_data: dict[str, Any]) -> dict[str, int]:
    from tailsafe.governance.models import Institution
    from tailsafe.methodology.models import HazardAssessment, ParameterSet

    ids = {k: v.pk for k, v in api_data.items() if hasattr(v, "pk")}
    ids["institution"] = Institution.objects.first().pk
    ids["assessment"] = HazardAssessment.objects.first().pk
    ids["parameter_set"] = ParameterSet.objects.first().pk
    return ids


def test_matrix_lists_every_endpoint() -> None:
    """Every path of the OpenAPI document is in this matrix (a new endpoint must be added)."""
    import re

    from tests.api.schema_check import openapi

    listed = {re.sub(r"\{\w+\}", "{id}", p) for p in INTERNAL + PUBLIC}
    documented = {re.sub(r"\{\w+\}", "{id}", p) for p in openapi()["paths"]}
    assert documented <= listed, f"not in the matrix: {sorted(documented - listed)}"


def test_expected_matrix_matches_the_permission_layer(users: dict[str, Any]) -> None:
    for role in ROLES:
        assert has_perm(users[role], Perm.VIEW_INTERNAL) == (role in READERS)
        assert has_perm(users[role], Perm.SUBMIT_OBSERVATIONS) == (role in SUBMITTERS)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_endpoint_as_every_role(
    role: str | None, api_data: dict[str, Any], api_client_as: Any
) -> None:
    client = api_client_as(role)
    ids = _ids(api_data)
    failures = []
    for template in INTERNAL + PUBLIC:
        url = template.format(**ids)
        response = client.get(url)
        if role in OUT_OF_SCOPE and template in OUT_OF_SCOPE[role]:
            expected = {404}
        elif template in PUBLIC or role in READERS:
            expected = {200}
        elif role is None:
            expected = {401}
        else:
            expected = {403}
        if response.status_code not in expected:
            failures.append((url, response.status_code, expected))
    # writes: observation create
    response = client.post("/api/v1/observations/", {}, format="json")
    if role is None:
        expected_write = {401}
    elif role in SUBMITTERS:
        expected_write = {400}  # allowed, but the empty body is invalid
    else:
        expected_write = {403}
    if response.status_code not in expected_write:
        failures.append(("POST observations", response.status_code, expected_write))
    # read-only endpoints refuse writes for everyone
    for url in ("/api/v1/facilities/", "/api/v1/public/facilities/"):
        response = client.post(url, {}, format="json")
        if response.status_code not in {401, 403, 405}:
            failures.append((f"POST {url}", response.status_code, {401, 403, 405}))
    assert not failures, failures


@pytest.mark.django_db
def test_token_authentication(api_data: dict[str, Any], users: dict[str, Any]) -> None:
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    token = Token.objects.create(user=users["member"])
    client = APIClient()
    assert client.get("/api/v1/facilities/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/facilities/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token wrong")
    assert client.get("/api/v1/facilities/").status_code == 401
    guest = Token.objects.create(user=users["guest"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {guest.key}")
    assert client.get("/api/v1/facilities/").status_code == 403


@pytest.mark.django_db
def test_session_auth_needs_csrf_for_writes(api_data: dict[str, Any], users: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["secretariat"])
    assert client.get("/api/v1/observations/").status_code == 200
    assert client.post("/api/v1/observations/", {}).status_code == 403
