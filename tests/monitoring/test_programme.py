"""The monitoring programme in the UI (issue 16, item 5): points and programme entries are
created and edited by the secretariat (any facility) and the facility's operator (own), with
an audit entry, one record per create form, nothing changed by an unchanged edit, and
validation errors on the form (never a 500)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.forms import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tailsafe.facilities.models import Facility
from tailsafe.governance.models import Institution
from tailsafe.monitoring import programme as services
from tailsafe.monitoring.forms import EntryForm, PointForm
from tailsafe.monitoring.models import LimitNorm, MonitoringPoint, Parameter, PointParameter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def client_for(user: Any, language: str = "") -> Client:
    client = Client()
    client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    return client


def token(response: Any) -> str:
    found = re.search(r'name="once" value="([0-9a-f]{32})"', response.content.decode())
    assert found, "the create form carries a one-time token"
    return found.group(1)


def point_data(facility: Facility, **extra: Any) -> dict[str, Any]:
    return {
        "facility": facility.pk,
        "code": "PZ-7",
        "name": "Piezometer in the dam",
        "kind": "piezometer",
        "latitude": "40.281",
        "longitude": "69.632",
        "active": "on",
        **extra,
    }


@pytest.fixture
def ph_norm() -> LimitNorm:
    return LimitNorm.objects.create(
        parameter=Parameter.objects.get(code="ph"),
        parameter_name="pH",
        value=8.5,
        lower_value=6.5,
        unit="pH",
        norm="test range",
    )


@pytest.fixture
def other_facility() -> Facility:
    return Facility.objects.create(
        code="tf-2",
        name_ru="Хвостохранилище 2",
        name_en="Tailings 2",
        operator=Institution.objects.get(key="environment"),
    )


def test_operator_creates_a_point_once(programme: dict[str, Any]) -> None:
    c = client_for(programme["operator"])
    url = reverse("monitoring:point_create")
    form = c.get(url + f"?facility={programme['facility'].pk}")
    assert form.status_code == 200
    data = {**point_data(programme["facility"]), "once": token(form)}
    first = c.post(url, data)
    point = MonitoringPoint.objects.get(code="PZ-7")
    assert first.status_code == 302
    assert first.url == reverse("monitoring:point_detail", args=[point.pk])
    again = c.post(url, data)  # a double click
    assert again.status_code == 302
    assert again.url == first.url
    assert MonitoringPoint.objects.filter(code="PZ-7").count() == 1
    assert point.facility == programme["facility"]
    assert point.kind == "piezometer"
    assert str(point.latitude) == "40.281000"
    record = point.history.get()
    assert record.history_user == programme["operator"]
    assert record.history_change_reason == "monitoring point created"


def test_operator_only_for_own_facilities(
    programme: dict[str, Any], other_facility: Facility
) -> None:
    c = client_for(programme["operator"])
    url = reverse("monitoring:point_create")
    response = c.post(url, point_data(other_facility))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not MonitoringPoint.objects.filter(code="PZ-7").exists()
    with pytest.raises(PermissionDenied):
        services.create_point(
            programme["operator"], other_facility, {"code": "x", "name": "x", "kind": "seepage"}
        )
    # the secretariat adds points anywhere
    sec = client_for(programme["secretariat"])
    assert sec.post(url, point_data(other_facility)).status_code == 302
    point = MonitoringPoint.objects.get(code="PZ-7")
    # ... and the operator may not edit that one nor add to its programme (404: not visible)
    assert c.get(reverse("monitoring:point_edit", args=[point.pk])).status_code == 404
    assert c.get(reverse("monitoring:entry_create", args=[point.pk])).status_code == 404


def test_inspector_does_not_set_the_programme(programme: dict[str, Any]) -> None:
    c = client_for(programme["inspector"])
    refused = c.get(reverse("monitoring:point_create"), follow=True)
    assert "You may not add monitoring points." in refused.content.decode()
    assert refused.redirect_chain[-1][0] == reverse("monitoring:point_list")
    assert c.post(reverse("monitoring:point_create"), point_data(programme["facility"])).url == (
        reverse("monitoring:point_list")
    )
    assert not MonitoringPoint.objects.filter(code="PZ-7").exists()
    assert c.get(reverse("monitoring:point_edit", args=[programme["down"].pk])).status_code == 403
    assert (
        c.get(reverse("monitoring:entry_edit", args=[programme["arsenic"].pk])).status_code == 403
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"code": "DN-1"}, "code", "already exists"),
        ({"latitude": "95"}, "latitude", "less than or equal to 90"),
        ({"longitude": "-181"}, "longitude", "greater than or equal to -180"),
        ({"kind": "volcano"}, "kind", "Select a valid choice"),
        ({"code": ""}, "code", "This field is required"),
    ],
)
def test_point_form_errors(
    programme: dict[str, Any], change: dict[str, Any], field: str, message: str
) -> None:
    c = client_for(programme["operator"])
    before = MonitoringPoint.objects.count()
    response = c.post(
        reverse("monitoring:point_create"), point_data(programme["facility"], **change)
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert MonitoringPoint.objects.count() == before


def test_errors_in_the_users_language(programme: dict[str, Any]) -> None:
    c = client_for(programme["operator"], "ru")
    response = c.post(
        reverse("monitoring:point_create"), point_data(programme["facility"], latitude="95")
    )
    assert response.status_code == 200
    text = " ".join(response.context["form"].errors["latitude"])
    assert re.search("[а-яА-Я]", text), text


def _unchanged_post(form: Any) -> dict[str, Any]:
    """What the browser sends back for a form nobody touched."""
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list):
            data[bound.html_name] = [str(v) for v in value]
        elif value is not None:
            data[bound.html_name] = str(value)
    return data


def test_unchanged_point_edit_changes_nothing(programme: dict[str, Any]) -> None:
    point = programme["down"]
    before = model_to_dict(MonitoringPoint.objects.get(pk=point.pk))
    history = point.history.count()
    c = client_for(programme["operator"])
    data = _unchanged_post(PointForm(instance=MonitoringPoint.objects.get(pk=point.pk)))
    response = c.post(reverse("monitoring:point_edit", args=[point.pk]), data)
    assert response.status_code == 302
    assert model_to_dict(MonitoringPoint.objects.get(pk=point.pk)) == before
    assert point.history.count() == history


def test_point_edit_is_audited(programme: dict[str, Any]) -> None:
    point = programme["up"]
    c = client_for(programme["operator"])
    data = _unchanged_post(PointForm(instance=point))
    data["name"] = "River above the dam"
    data.pop("active")  # switched off
    assert c.post(reverse("monitoring:point_edit", args=[point.pk]), data).status_code == 302
    point.refresh_from_db()
    assert point.name == "River above the dam"
    assert point.active is False
    latest = point.history.first()
    assert latest.history_change_reason == "monitoring point updated"
    assert latest.history_user == programme["operator"]


def entry_data(parameter: Parameter, norm: LimitNorm | None, **extra: Any) -> dict[str, Any]:
    return {
        "parameter": parameter.pk,
        "norm": norm.pk if norm else "",
        "sampling_interval_days": "30",
        "mode": "absolute",
        "direction": "rising",
        "alert": "",
        "alarm": "",
        "emergency": "",
        "trend_horizon_days": "30",
        "expected_response": "Resample within 48 h.",
        **extra,
    }


def test_operator_adds_a_programme_entry_once(
    programme: dict[str, Any], ph_norm: LimitNorm
) -> None:
    point = programme["down"]
    c = client_for(programme["operator"])
    url = reverse("monitoring:entry_create", args=[point.pk])
    data = {**entry_data(ph_norm.parameter, ph_norm), "once": token(c.get(url))}
    assert c.post(url, data).status_code == 302
    assert c.post(url, data).status_code == 302  # a reload: the same record
    entry = PointParameter.objects.get(point=point, parameter__code="ph")
    assert entry.norm == ph_norm
    assert entry.sampling_interval_days == 30
    assert entry.history.get().history_change_reason == "programme parameter added"
    detail = c.get(reverse("monitoring:point_detail", args=[point.pk])).content.decode()
    assert reverse("monitoring:entry_edit", args=[entry.pk]) in detail


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # freeboard falls: the alarm must be below the alert
        (
            {"direction": "falling", "alert": "1.0", "alarm": "1.5", "emergency": "2"},
            "Thresholds must be in order",
        ),
        ({"alert": "0.05", "alarm": "0.01"}, "Thresholds must be in order"),
        ({"mode": "norm_multiple", "alert": "1"}, "need an applicable norm"),
        ({"sampling_interval_days": "-3"}, "greater than or equal to 0"),
    ],
)
def test_entry_form_errors(programme: dict[str, Any], change: dict[str, Any], message: str) -> None:
    c = client_for(programme["operator"])
    url = reverse("monitoring:entry_create", args=[programme["up"].pk])
    lead = Parameter.objects.get(code="lead")
    response = c.post(url, entry_data(lead, None, **change))
    assert response.status_code == 200
    assert message in " ".join(
        str(e) for errors in response.context["form"].errors.values() for e in errors
    )
    assert not PointParameter.objects.filter(parameter=lead).exists()


def test_entry_duplicate_and_foreign_norm(programme: dict[str, Any], ph_norm: LimitNorm) -> None:
    c = client_for(programme["operator"])
    url = reverse("monitoring:entry_create", args=[programme["down"].pk])
    arsenic = Parameter.objects.get(code="arsenic")
    response = c.post(url, entry_data(arsenic, None))
    assert response.status_code == 200
    assert "already in the point's programme" in " ".join(
        response.context["form"].errors["parameter"]
    )
    # a norm published for another parameter (same unit) is refused, not silently applied
    lead = Parameter.objects.get(code="lead")
    arsenic_norm = LimitNorm.objects.filter(parameter=arsenic).first()
    response = c.post(url, entry_data(lead, arsenic_norm))
    assert response.status_code == 200
    assert "another parameter" in " ".join(response.context["form"].errors["norm"])
    # a norm whose unit cannot be converted (pH for a metal) is refused too
    response = c.post(url, entry_data(lead, ph_norm))
    assert response.status_code == 200
    assert "cannot be converted" in " ".join(response.context["form"].errors["norm"])


def test_unchanged_entry_edit_changes_nothing(programme: dict[str, Any]) -> None:
    entry = programme["u_down"]
    before = model_to_dict(PointParameter.objects.get(pk=entry.pk))
    history = entry.history.count()
    c = client_for(programme["operator"])
    data = _unchanged_post(EntryForm(instance=PointParameter.objects.get(pk=entry.pk)))
    response = c.post(reverse("monitoring:entry_edit", args=[entry.pk]), data)
    assert response.status_code == 302
    assert model_to_dict(PointParameter.objects.get(pk=entry.pk)) == before
    assert entry.history.count() == history


def test_entry_edit_is_audited(programme: dict[str, Any]) -> None:
    entry = programme["freeboard"]
    c = client_for(programme["operator"])
    data = _unchanged_post(EntryForm(instance=entry))
    data["alert"] = "2.5"
    data["expected_response"] = "Lower the pond."
    assert c.post(reverse("monitoring:entry_edit", args=[entry.pk]), data).status_code == 302
    entry.refresh_from_db()
    assert entry.alert == 2.5
    assert entry.expected_response == "Lower the pond."
    assert entry.history.first().history_change_reason == "programme parameter updated"
    assert entry.parameter.code == "freeboard"  # the parameter itself is not editable


def test_links_to_the_new_pages(programme: dict[str, Any]) -> None:
    c = client_for(programme["operator"])
    listing = c.get(reverse("monitoring:point_list")).content.decode()
    assert reverse("monitoring:point_create") in listing
    detail = c.get(reverse("monitoring:point_detail", args=[programme["down"].pk]))
    text = detail.content.decode()
    assert reverse("monitoring:point_edit", args=[programme["down"].pk]) in text
    assert reverse("monitoring:entry_create", args=[programme["down"].pk]) in text
    # an inspector reads the programme but gets no editing links
    text = client_for(programme["inspector"]).get(
        reverse("monitoring:point_detail", args=[programme["down"].pk])
    )
    assert reverse("monitoring:point_edit", args=[programme["down"].pk]) not in (
        text.content.decode()
    )


def test_a_point_made_in_the_ui_names_who_handles_its_alerts(programme: dict[str, Any]) -> None:
    """Issue 15: a point made through the page had no responsible institution, so no inspector
    could acknowledge or close its alarms (a dead end at the join operator -> inspector)."""
    from tailsafe.monitoring.models import AlertEvent
    from tailsafe.monitoring.rules import can_handle

    inspectorate = Institution.objects.get(key="industrial_safety")
    c = client_for(programme["operator"])
    url = reverse("monitoring:point_create")
    form = c.get(url + f"?facility={programme['facility'].pk}").content.decode()
    assert 'name="responsible"' in form
    data = {
        **point_data(programme["facility"]),
        "responsible": inspectorate.pk,
        "once": token(c.get(url)),
    }
    assert c.post(url, data).status_code == 302
    point = MonitoringPoint.objects.get(code="PZ-7")
    assert point.responsible == inspectorate
    entry = PointParameter.objects.create(
        point=point, parameter=Parameter.objects.get(code="ph"), sampling_interval_days=30
    )
    event = AlertEvent(series=entry, to_level="alarm")
    assert can_handle(programme["inspector"], event)
    # and an unchanged edit keeps it
    edit = PointForm(instance=point)
    assert edit.initial["responsible"] == inspectorate.pk


def test_unchanged_edit_keeps_an_archived_responsible_institution(
    programme: dict[str, Any],
) -> None:
    point = programme["down"]
    Institution.objects.filter(pk=point.responsible_id).update(archived_at=timezone.now())
    before = model_to_dict(MonitoringPoint.objects.get(pk=point.pk))
    data = _unchanged_post(PointForm(instance=MonitoringPoint.objects.get(pk=point.pk)))
    response = client_for(programme["operator"]).post(
        reverse("monitoring:point_edit", args=[point.pk]), data
    )
    assert response.status_code == 302
    assert model_to_dict(MonitoringPoint.objects.get(pk=point.pk)) == before
    # a new point is offered only institutions that are not archived
    assert point.responsible_id not in {
        i.pk
        for i in PointForm().fields["responsible"].queryset  # type: ignore[attr-defined]
    }
