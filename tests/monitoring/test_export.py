"""Export of readings (issue 16, item 7): CSV and XLSX with the agreed columns, filtered,
scoped to what the user may see, cells safe for spreadsheets, the same through the API, and
a round trip: exported, re-imported through a column mapping into a fresh point, the same
readings."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tailsafe.monitoring import export, importer, services
from tailsafe.monitoring.models import (
    ColumnMapping,
    ImportBatch,
    MonitoringPoint,
    Observation,
    PointParameter,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LAB = (
    "point;parameter;taken_at;value;unit;detection_limit;quantification_limit\n"
    "DN-1;uranium;2025-03-02 10:00;0,05;mg/L;0,001;0,003\n"
    "DN-1;arsenic;2025-03-02 10:00;<20;µg/L;;\n"
    "DN-1;arsenic;2025-04-02 10:00;0,004;mg/L;0,001;\n"
    "UP-1;uranium;2025-03-02 11:00;0,002;mg/L;;\n"
)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def readings(programme: dict[str, Any]) -> None:
    """The lab file uploaded by the operator and imported as a batch (its source)."""
    batch = services.create_import(
        programme["operator"], SimpleUploadedFile("lab.csv", LAB.encode("utf-8"))
    )
    batch = services.run_import(batch.pk)
    assert batch.rows_imported == 4, batch.report


def download(client: Client, query: str) -> Any:
    response = client.get(reverse("monitoring:readings_export") + query)
    assert response.status_code == 200
    return response


def test_csv_columns_and_values(programme: dict[str, Any], readings: None) -> None:
    response = download(
        client_for(programme["secretariat"]), f"?point={programme['down'].pk}&download=csv"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(b"".join(response.streaming_content))
    assert list(rows[0]) == list(export.COLUMNS)
    assert len(rows) == 3
    uranium = next(r for r in rows if r["parameter"] == "uranium")
    assert uranium["facility"] == "tf-1"
    assert uranium["point"] == "DN-1"
    assert uranium["taken_at"] == "2025-03-02T10:00:00+05:00"  # local time, ISO
    assert float(uranium["value"]) == 0.05
    assert uranium["unit"] == "mg/L"
    assert float(uranium["detection_limit"]) == 0.001
    assert float(uranium["quantification_limit"]) == 0.003
    assert uranium["norm"].startswith("WHO")
    assert float(uranium["norm_max"]) == 0.03
    assert uranium["norm_result"] == "exceeds"
    assert uranium["tarp_level"] == "alarm"
    batch = ImportBatch.objects.get()
    assert uranium["source_file"] == "lab.csv"
    assert uranium["source_batch"] == str(batch.pk)
    operator = programme["operator"]
    assert uranium["entered_by"] == (operator.get_full_name() or operator.username)
    censored = next(r for r in rows if r["parameter"] == "arsenic" and r["censor"])
    # "<20 µg/L": kept as below 0.02 mg/L, the limit above the norm 0.01: inconclusive
    assert censored["censor"] == "<"
    assert censored["reported"] == "<0.02"
    assert float(censored["detection_limit"]) == pytest.approx(0.02)
    assert censored["norm_result"] == "inconclusive"


def test_filters(programme: dict[str, Any], readings: None) -> None:
    c = client_for(programme["secretariat"])
    arsenic = PointParameter.objects.get(pk=programme["arsenic"].pk).parameter

    def count(query: str) -> int:
        return len(csv_rows(b"".join(download(c, query + "&download=csv").streaming_content)))

    assert count(f"?facility={programme['facility'].pk}") == 4
    assert count("?basin=syr_darya") == 0 or programme["facility"].basin == "syr_darya"
    assert count(f"?parameter={arsenic.pk}") == 2
    assert count("?start=2025-04-01") == 1
    assert count("?end=2025-03-02") == 3  # the end day is included
    assert count("?start=2025-03-03&end=2025-04-01") == 0
    page = download(c, "?end=2025-01-01&start=2025-02-01")
    assert "before its start" in page.content.decode()  # a form error, not a file


def test_only_visible_readings(
    programme: dict[str, Any], readings: None, make_user: Callable[..., Any]
) -> None:
    stranger = make_user("operator", username="other-op", institution="environment")
    rows = csv_rows(b"".join(download(client_for(stranger), "?download=csv").streaming_content))
    assert rows == []
    own = csv_rows(
        b"".join(download(client_for(programme["operator"]), "?download=csv").streaming_content)
    )
    assert len(own) == 4
    guest = make_user("guest", username="gina")
    assert client_for(guest).get(reverse("monitoring:readings_export")).status_code == 403


def test_xlsx_numbers_stay_numbers_and_formulas_do_not_run(
    programme: dict[str, Any], readings: None
) -> None:
    op = programme["operator"]
    op.first_name, op.last_name = '=HYPERLINK("http://x")', ""
    op.save()
    response = download(client_for(programme["secretariat"]), "?download=xlsx")
    assert response["Content-Type"] == export.XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == export.COLUMNS
    header = list(rows[0])
    uranium = next(r for r in rows[1:] if r[header.index("parameter")] == "uranium")
    assert uranium[header.index("value")] == 0.05  # a number, not text
    assert uranium[header.index("entered_by")].startswith("'=")  # shown as text


def test_api_export_same_filters_and_scope(
    programme: dict[str, Any], readings: None, make_user: Callable[..., Any]
) -> None:
    api = APIClient()
    api.force_authenticate(programme["operator"])
    response = api.get(
        "/api/v1/observations/export/", {"point_code": "DN-1", "parameter": "arsenic"}
    )
    assert response.status_code == 200
    rows = csv_rows(b"".join(response.streaming_content))
    assert [r["parameter"] for r in rows] == ["arsenic", "arsenic"]
    assert list(rows[0]) == list(export.COLUMNS)
    xlsx = api.get(
        "/api/v1/observations/export/", {"output": "xlsx", "facility": programme["facility"].pk}
    )
    assert len(list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows())) == 5
    assert api.get("/api/v1/observations/export/", {"output": "pdf"}).status_code == 400
    stranger = make_user("operator", username="other-op", institution="environment")
    api.force_authenticate(stranger)
    response = api.get("/api/v1/observations/export/")
    assert csv_rows(b"".join(response.streaming_content)) == []


def _reading_facts(point: MonitoringPoint) -> set[tuple[Any, ...]]:
    return {
        (
            o.parameter_id,
            o.taken_at,
            o.value,
            o.censored,
            o.unit,
            o.detection_limit,
            o.quantification_limit,
            o.norm_result,
            o.level,
        )
        for o in Observation.objects.filter(point=point)
    }


def test_round_trip(programme: dict[str, Any], readings: None) -> None:
    """Exported as CSV, re-imported through a column mapping into a fresh point with the same
    programme: the same readings (values, censoring, limits, comparison, level)."""
    source = programme["down"]
    fresh = MonitoringPoint.objects.create(
        facility=source.facility, code="DN-2", name="Fresh", kind=source.kind
    )
    for pp in PointParameter.objects.filter(point=source):
        pp.pk = None
        pp.point = fresh
        pp.save()
    response = download(client_for(programme["secretariat"]), f"?point={source.pk}&download=csv")
    rows = csv_rows(b"".join(response.streaming_content))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(export.COLUMNS))
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "point": "DN-2"})
    mapping = ColumnMapping.objects.create(
        lab="TailSafe export",
        columns={
            "point": "point",
            "parameter": "parameter",
            "taken_at": "taken_at",
            "value": "reported",
            "unit": "unit",
            "detection_limit": "detection_limit",
            "quantification_limit": "quantification_limit",
        },
        decimal=".",
        delimiter=",",
        encoding="utf-8",
    )
    report = services.import_stream(
        io.BytesIO(out.getvalue().encode("utf-8")),
        "export.csv",
        importer.Options.from_mapping(mapping),
        programme["secretariat"],
    )
    assert report.imported == len(rows) == 3, report.messages
    facts = _reading_facts(source)
    assert facts
    assert _reading_facts(fresh) == facts
    assert all(isinstance(f[1], dt.datetime) for f in facts)
