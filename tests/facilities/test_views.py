"""Facility pages: rendering, bad input, own-facility rule, exports (T1, T2, T5)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tailsafe.facilities.models import Facility
from tailsafe.methodology.models import HazardAssessment, ParameterSet

pytestmark = pytest.mark.django_db


def _form_data(f: Facility, **changes: Any) -> dict[str, Any]:
    from tailsafe.facilities.forms import FacilityForm

    form = FacilityForm(instance=f)
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            value = (
                "unknown"
                if name in ("radioactive", "protected_area_downstream", "dam_across_watercourse")
                else ""
            )
        elif value is True:
            value = "true"
        elif value is False:
            value = "false"
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = value
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "name", ["list", "ranking", "map", "basins", "export_csv", "export_geojson"]
)
def test_pages_render(client_as: Any, make_facility: Any, name: str) -> None:
    make_facility("V1")
    make_facility("V2", volume_m3=None, basin="")
    response = client_as("member").get(reverse(f"facilities:{name}"))
    assert response.status_code == 200


def test_detail_shows_terms_sources_and_provisional(client_as: Any, make_facility: Any) -> None:
    f = make_facility(
        "D1",
        dam_condition="",
        dam_height_m=Decimal(30),
        distance_to_border_km=Decimal(12),
        provenance={"volume_m3": {"source": "IAEA 2014", "confidence": "medium"}},
    )
    body = client_as("member").get(reverse("facilities:detail", args=[f.pk])).content.decode()
    assert "IAEA 2014" in body
    assert "provisional-1" in body
    assert "ts-missing" in body  # the dam term is missing and highlighted
    assert "a = " in body
    assert "n = " in body
    history = client_as("member").get(reverse("facilities:detail", args=[f.pk]) + "?tab=history")
    assert "index-history" in history.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("volume_m3", "-1"), ("volume_m3", "20000000000"), ("latitude", "95"), ("volume_m3", "abc")],
)
def test_edit_bad_input_shows_error(
    client_as: Any, make_facility: Any, field: str, value: str
) -> None:
    f = make_facility("E1")
    before = HazardAssessment.objects.count()
    response = client_as("secretariat").post(
        reverse("facilities:edit", args=[f.pk]), _form_data(f, **{field: value})
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    f.refresh_from_db()
    assert f.volume_m3 == Decimal("1000000")
    assert f.latitude == Decimal("40.2")
    assert HazardAssessment.objects.count() == before


def test_edit_changes_dam_condition(client_as: Any, make_facility: Any) -> None:
    f = make_facility("E2")
    response = client_as("secretariat").post(
        reverse("facilities:edit", args=[f.pk]),
        _form_data(
            f, dam_condition="serious", change_source="inspection", change_confidence="high"
        ),
    )
    assert response.status_code == 302
    f.refresh_from_db()
    assert f.dam_condition == "serious"
    assert f.source_of("dam_condition")["source"] == "inspection"


def test_operator_403_on_another_facility(
    users: dict[str, Any], client_as: Any, make_facility: Any, operator_inst: Any
) -> None:
    users["operator"].institution = operator_inst
    users["operator"].save()
    own = make_facility("O1", operator=operator_inst)
    other = make_facility("O2")
    client = client_as("operator")
    assert client.get(reverse("facilities:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("facilities:edit", args=[other.pk])).status_code == 403
    assert client.post(reverse("facilities:edit", args=[other.pk]), {}).status_code == 403


def test_geojson_export_is_rfc7946(client_as: Any, make_facility: Any) -> None:
    make_facility("G1", latitude=Decimal("40.5"), longitude=Decimal("69.25"))
    make_facility("G2", latitude=None, longitude=None)
    data = json.loads(client_as("member").get(reverse("facilities:export_geojson")).content)
    assert data["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in data["features"]}
    assert by_id["G1"]["geometry"] == {"type": "Point", "coordinates": [69.25, 40.5]}
    assert by_id["G2"]["geometry"] is None
    assert by_id["G1"]["properties"]["parameter_set"] == "provisional-1"
    assert all(f["type"] == "Feature" for f in data["features"])


def test_csv_export(client_as: Any, make_facility: Any) -> None:
    make_facility("C1")
    body = client_as("member").get(reverse("facilities:export_csv")).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["code"] == "C1"
    assert rows[0]["rank"] == "1"
    assert rows[0]["provisional"] == "True"


def test_parameter_upload_view_errors_keep_active(client_as: Any) -> None:
    bad = SimpleUploadedFile("p.yaml", b"name: bad\nversion: 1\nprovisional: true\n")
    response = client_as("admin").post(reverse("facilities:parameter_sets"), {"file": bad})
    assert response.status_code == 200
    assert "thi" in response.content.decode()
    assert ParameterSet.objects.count() == 1
    assert ParameterSet.objects.get(active=True).name == "provisional-1"
    garbage = SimpleUploadedFile("p.yaml", b"\xff\xfe\x00")
    response = client_as("admin").post(reverse("facilities:parameter_sets"), {"file": garbage})
    assert response.status_code == 200


def test_dashboard_panel(users: dict[str, Any], make_facility: Any) -> None:
    from tailsafe.facilities.dashboard import highest_hazard

    make_facility("H1")
    panel = highest_hazard(users["member"])
    assert panel
    assert panel["rows"][0]["facility"].code == "H1"
    assert panel["parameter_set"].provisional
    assert highest_hazard(users["guest"]) is None


@pytest.mark.usefixtures("english")
def test_two_editors_the_second_gets_the_form_back_and_loses_nothing(
    client_as: Any, make_facility: Any
) -> None:
    """Issue 9: Alice and Bob open the same edit form; Alice saves first. Bob's save is refused
    with a clear message, his values stay in the form with Alice's shown beside them, and saving
    again (now at the current version) keeps both changes where they do not collide."""
    f = make_facility("C1", notes="")
    url = reverse("facilities:edit", args=[f.pk])
    alice, bob = client_as("secretariat"), client_as("secretariat")
    assert alice.get(url).status_code == 200
    assert bob.get(url).status_code == 200
    alice_form = _form_data(f, notes="Alice: seepage at the toe")
    bob_form = _form_data(f, dam_condition="serious", notes="Bob: crest cracks")
    assert alice_form["version"] == bob_form["version"] == 1

    assert alice.post(url, alice_form).status_code == 302
    response = bob.post(url, bob_form)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this facility while you were editing" in body
    assert "Bob: crest cracks" in body  # his text is kept in the form
    conflicts = {c["label"]: c for c in response.context["conflicts"]}
    assert conflicts["Notes"]["saved"] == "Alice: seepage at the toe"
    assert conflicts["Notes"]["yours"] == "Bob: crest cracks"
    f.refresh_from_db()
    assert f.notes == "Alice: seepage at the toe"
    assert f.dam_condition == "minor"
    form = response.context["form"]
    assert form["version"].value() == str(f.version) == "2"
    assert form["dam_condition"].value() == "serious"

    # Bob merges the notes and saves again: a deliberate save at the current version.
    bob_form.update(version=form["version"].value(), notes="Alice: seepage; Bob: crest cracks")
    assert bob.post(url, bob_form).status_code == 302
    f.refresh_from_db()
    assert (f.notes, f.dam_condition) == ("Alice: seepage; Bob: crest cracks", "serious")
    # a form without its version (tampered or from an old page) never overwrites blindly
    response = alice.post(url, {**_form_data(f, notes="blind"), "version": ""})
    assert response.status_code == 409
    f.refresh_from_db()
    assert f.notes == "Alice: seepage; Bob: crest cracks"


@pytest.mark.parametrize("stored", [True, False, None])
def test_yes_no_unknown_pre_selects_stored_value(make_facility: Any, stored: Any) -> None:
    """A stored yes/no is pre-selected in the edit form, so an unchanged save keeps it (a plain
    Select rendered True as "True", matched no option and saved unknown)."""
    from tailsafe.facilities.forms import NULL_BOOLEAN_FIELDS, FacilityForm

    f = make_facility("YN", **dict.fromkeys(NULL_BOOLEAN_FIELDS, stored))
    html = str(FacilityForm(instance=f)["radioactive"])
    expected = {True: "true", False: "false", None: "unknown"}[stored]
    assert f'<option value="{expected}" selected>' in html
    assert html.count(" selected>") == 1
