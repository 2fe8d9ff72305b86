"""CSV exports neutralise formula cells (OWASP "CSV injection"; issue 14, item 4): the
internal web export, the API export and the anonymous public one. Numbers stay numbers."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example","x")'


def rows_of(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


@pytest.mark.parametrize(
    ("url", "role"),
    [
        ("/api/v1/facilities.csv", "secretariat"),
        ("/api/v1/public/facilities.csv", None),
        ("/facilities/export/facilities.csv", "secretariat"),
    ],
)
def test_formula_cells_are_neutralised(
    url: str, role: str | None, api_data: dict[str, Any], api_client_as: Any, client_as: Any
) -> None:
    pub = api_data["pub"]
    pub.name_en = HOSTILE
    pub.river = "@SUM(1+1)"
    pub.district = "-2+3"
    pub.save()
    client = api_client_as(role) if url.startswith("/api/") else client_as(role)
    response = client.get(url)
    assert response.status_code == 200
    row = next(r for r in rows_of(response.content) if r["code"] == "pub-1")
    assert row["name_en"] == "'" + HOSTILE
    assert row["river"] == "'@SUM(1+1)"
    assert row["district"] == "'-2+3"
    for text in (v for r in rows_of(response.content) for v in r.values()):
        assert not (text or "").startswith(("=", "+", "@", "\t", "\r")), text
    if row.get("thi_max"):
        float(row["thi_max"])  # a number is still a number
