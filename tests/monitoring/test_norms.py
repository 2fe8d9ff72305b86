"""Every reading judged against its norm (issue 16, "Done means"): detection limits in ug/L,
a pH out of its range, radon in Bq/m3, uranium against an activity norm, a norm without TARP
thresholds; each with the stored value, the comparison and the event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tailsafe.monitoring.models import (
    AlertEvent,
    LimitNorm,
    MonitoringPoint,
    Observation,
    Parameter,
    PointParameter,
)

pytestmark = pytest.mark.django_db

HEADER = "point;parameter;taken_at;value;unit\n"


def csv(*lines: str, header: str = HEADER) -> str:
    return header + "".join(line + "\n" for line in lines)


def norm_events(pp: PointParameter | None = None) -> list[tuple[str, str, str]]:
    qs = AlertEvent.objects.filter(basis="norm").order_by("id")
    if pp is not None:
        qs = qs.filter(series=pp)
    return list(qs.values_list("from_level", "to_level", "status"))


def series(programme: dict[str, Any], code: str, kind: str, param: str, **kw: Any) -> Any:
    point = MonitoringPoint.objects.create(
        facility=programme["facility"], code=code, name=code, kind=kind
    )
    return PointParameter.objects.create(
        point=point, parameter=Parameter.objects.get(code=param), **kw
    )


def test_detection_limit_in_ug_per_litre(run_import: Callable[..., Any]) -> None:
    report = run_import(
        csv(
            "UP-1;uranium;2025-03-01;<DL;µg/L;0,1;0,3",
            "UP-1;uranium;2025-03-02;н/о;мкг/л;;",  # no sample DL: the method's (0.0001 mg/L)
            "UP-1;uranium;2025-03-03;<0,002;мг/л;;",  # a censored value keeps its limit
            header="point;parameter;taken_at;value;unit;DL;LOQ\n",
        )
    )
    assert report.ok, report.messages
    first, second, third = Observation.objects.order_by("taken_at")
    assert first.value == pytest.approx(1e-4)
    assert first.censored == "<"
    assert first.detection_limit == pytest.approx(1e-4)
    assert first.quantification_limit == pytest.approx(3e-4)
    assert first.unit == "mg/L"
    assert first.norm_result == "within"
    assert first.level == "normal"
    assert second.value == pytest.approx(1e-4)
    assert second.detection_limit == pytest.approx(1e-4)
    assert third.value == third.detection_limit == pytest.approx(0.002)
    assert report.exceeding == report.inconclusive == 0
    assert norm_events() == []


def test_detection_limit_above_the_norm_is_inconclusive(run_import: Callable[..., Any]) -> None:
    report = run_import(csv("DN-1;uranium;2025-03-01;<0,05;мг/л"))  # WHO 0.03 mg/L
    reading = Observation.objects.get()
    assert reading.norm_result == "inconclusive"
    assert reading.level == "normal"
    assert report.inconclusive == 1
    assert report.exceeding == 0
    assert norm_events() == []  # inconclusive opens nothing, but is counted


def test_limit_columns_are_checked(run_import: Callable[..., Any]) -> None:
    report = run_import(
        csv(
            "UP-1;uranium;2025-03-01;<DL;мг/л;<0,1",
            "UP-1;uranium;2025-03-02;0,01;мг/л;abc",
            header="point;parameter;taken_at;value;unit;предел обнаружения\n",
        )
    )
    assert not report.ok
    assert Observation.objects.count() == 0
    assert [m["row"] for m in report.messages] == [2, 3]


def test_norm_without_thresholds(run_import: Callable[..., Any], programme: dict[str, Any]) -> None:
    """Arsenic at 0.5 mg/L where the parameter has the WHO norm of 0.01 and no thresholds."""
    pp = PointParameter.objects.create(
        point=programme["up"], parameter=Parameter.objects.get(code="arsenic")
    )
    assert pp.norm_limits()[:2] == (None, pytest.approx(0.01))  # the strictest published norm
    run_import(csv("UP-1;arsenic;2025-03-01;0,5;мг/л"))
    reading = Observation.objects.get()
    assert reading.level == "normal"
    assert reading.norm_result == "exceeds"
    assert norm_events(pp) == [("within", "exceeds", "open")]
    event = AlertEvent.objects.get(basis="norm")
    assert event.observation == reading
    assert event.value == pytest.approx(0.5)
    assert "WHO" in event.note


def test_ph_out_of_range(run_import: Callable[..., Any], programme: dict[str, Any]) -> None:
    from tailsafe.monitoring import demo

    demo.load_demo_norms()
    pp = series(programme, "PH-1", "groundwater", "ph")
    assert pp.norm_limits()[:2] == (6.5, 8.5)  # a range norm is two limits
    report = run_import(
        csv(
            "PH-1;pH;2025-03-01;7,2;ед. pH",
            "PH-1;pH;2025-03-02;5,9;pH",  # acid drainage: below the minimum
            "PH-1;pH;2025-03-03;6,5;рН",  # on the limit: within
            "PH-1;pH;2025-03-04;9,1;",  # above the maximum
        )
    )
    assert report.ok, report.messages
    results = list(Observation.objects.order_by("taken_at").values_list("value", "norm_result"))
    assert results == [
        (7.2, "within"),
        (5.9, "exceeds"),
        (6.5, "within"),
        (9.1, "exceeds"),
    ]
    assert report.exceeding == 2
    # the first exceedance opens; the newest conclusive reading (9.1) still exceeds: no recovery
    assert norm_events(pp) == [("within", "exceeds", "open")]
    run_import(csv("PH-1;pH;2025-03-05;7,0;pH"))
    assert norm_events(pp) == [("within", "exceeds", "open"), ("exceeds", "within", "resolved")]


def test_radon_in_air(run_import: Callable[..., Any], programme: dict[str, Any]) -> None:
    # a norm the group adds (a test value, not a regulatory one)
    norm = LimitNorm.objects.create(
        parameter=Parameter.objects.get(code="rn222_air"),
        parameter_name="radon-222 in air",
        value=300,
        unit="Бк/м3",
        norm="test norm",
    )
    pp = series(programme, "RN-1", "groundwater", "rn222_air", norm=norm)
    run_import(
        csv(
            "RN-1;Radon-222 in air;2025-03-01;120;Бк/м³",
            "RN-1;Radon-222 in air;2025-03-02;0,45;Bq/L",  # 450 Bq/m3
        )
    )
    readings = list(
        Observation.objects.order_by("taken_at").values_list("value", "unit", "norm_result")
    )
    assert readings == [(120.0, "Bq/m3", "within"), (pytest.approx(450.0), "Bq/m3", "exceeds")]
    assert norm_events(pp) == [("within", "exceeds", "open")]


def test_uranium_mass_against_an_activity_norm(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    u238 = LimitNorm.objects.get(parameter_name="uranium-238", norm__startswith="WHO")
    assert (u238.value, u238.unit) == (10, "Bq/L")
    pp = series(programme, "WL-1", "groundwater", "uranium", norm=u238)
    # 10 Bq/L of U-238 at 12.4 Bq per mg of natural uranium (units.URANIUM_BQ_PER_MG)
    assert pp.limit_value() == pytest.approx(10 / 12.4)
    report = run_import(
        csv(
            "WL-1;uranium;2025-03-01;0,5;мг/л",
            "WL-1;uranium;2025-03-02;0,9;мг/л",  # 11.2 Bq/L of U-238
            "WL-1;uranium;2025-03-03;12,5;Бк/л",  # total activity: 0.5 mg/L at 25 Bq/mg
        )
    )
    assert report.ok, report.messages
    readings = list(Observation.objects.order_by("taken_at").values_list("value", "norm_result"))
    assert readings == [
        (0.5, "within"),
        (0.9, "exceeds"),
        (pytest.approx(0.5), "within"),
    ]
    assert norm_events(pp) == [("within", "exceeds", "open"), ("exceeds", "within", "resolved")]


def test_an_activity_reading_against_a_mass_norm(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    who_u = LimitNorm.objects.get(parameter_name="uranium", norm__startswith="WHO")
    pp = series(programme, "WL-2", "groundwater", "u238", norm=who_u)
    # 0.03 mg/L natural uranium is 0.372 Bq/L of U-238
    assert pp.limit_value() == pytest.approx(0.372)
    run_import(csv("WL-2;u238;2025-03-01;0,5;Bq/L"))
    assert Observation.objects.get().norm_result == "exceeds"


def test_norm_event_history_and_handling(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    from tailsafe.monitoring import services

    run_import(csv("DN-1;uranium;2025-03-01;0,05;мг/л"))
    event = AlertEvent.objects.get(basis="norm")
    inspector = programme["inspector"]
    services.acknowledge_alert(inspector, event, "resampling")
    services.resolve_alert(inspector, event, "resampled: within the norm")
    event.refresh_from_db()
    assert (event.acknowledged_by, event.resolved_by, event.status) == (
        inspector,
        inspector,
        "resolved",
    )
    reasons = list(event.history.order_by("history_id").values_list("history_change_reason"))
    assert [r for (r,) in reasons] == ["norm exceeded", "alert acknowledged", "alert resolved"]


def test_norm_event_notification_is_stored_text(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    from django.test import TestCase

    from tailsafe.notifications.models import Notification

    with TestCase.captureOnCommitCallbacks(execute=True):
        run_import(csv("DN-1;uranium;2025-03-01;0,05;мг/л"))
    event = AlertEvent.objects.get(basis="norm")
    note = Notification.objects.get(user=programme["inspector"], key=f"alert:{event.pk}")
    from tailsafe.core.stored_text import render

    assert note.title_text is not None
    assert note.body_text is not None
    title, body = render(note.title_text, "en"), render(note.body_text, "en")
    assert "exceeds the norm" in title
    assert "0.05 mg/L" in body
    assert "WHO" in body


def test_hand_entry_with_a_detection_limit(programme: dict[str, Any]) -> None:
    import datetime as dt

    from django.utils import timezone

    from tailsafe.monitoring import services

    report = services.record_observation(
        programme["secretariat"],
        programme["u_down"],
        taken_at=timezone.now() - dt.timedelta(hours=1),
        value="<DL",
        unit="мкг/л",
        detection_limit="50",
    )
    reading = Observation.objects.get()
    assert reading.value == reading.detection_limit == pytest.approx(0.05)
    assert reading.norm_result == "inconclusive"
    assert report.inconclusive == 1
