"""Property tests against the OpenAPI document (schemathesis): for every operation, generated
requests as the secretariat (token) and as anonymous never get a 500 and every response
matches the document (status, content type, body). Bounded: 20 examples per operation and
caller, derandomized so a run is repeatable."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.schema_check import openapi

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
OPERATIONS = [
    (path, method.upper())
    for path, item in sorted(openapi()["paths"].items())
    for method in item
    if method in ("get", "post", "put", "patch", "delete")
]


@pytest.fixture(autouse=True)
def _keep_test_connection() -> Any:
    """Like Django's test client: the raw WSGI app must not close the test's DB connection
    (it would, on PostgreSQL, at the end of every request inside the test transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _operation(path: str, method: str) -> Any:
    from django.core.wsgi import get_wsgi_application

    schema = schemathesis.openapi.from_dict(openapi())
    schema.app = get_wsgi_application()
    return schema[path][method]


def _run(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    check()


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_api_as_secretariat(
    path: str, method: str, api_data: dict[str, Any], users: dict[str, Any]
) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.get_or_create(user=users["secretariat"])[0].key
    _run(_operation(path, method), {"Authorization": f"Token {token}"})


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_api_as_anonymous(path: str, method: str, api_data: dict[str, Any]) -> None:
    _run(_operation(path, method), {})
