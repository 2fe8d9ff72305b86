"""TARP state flips (alert events), notification, acknowledging and resolving, trends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from tailsafe.core.stored_text import render
from tailsafe.monitoring import services
from tailsafe.monitoring.models import AlertEvent, Observation
from tailsafe.notifications.models import Notification

pytestmark = pytest.mark.django_db

HEADER = "point;parameter;taken_at;value;unit\n"


def csv(*lines: str) -> str:
    return HEADER + "".join(line + "\n" for line in lines)


def test_spike_opens_an_alarm_and_notifies(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = run_import(
            csv(
                "DN-1;uranium;2025-03-01 10:00;0.004;mg/L",
                "DN-1;uranium;2025-03-02 10:00;45;ug/L",  # 0.045 mg/L: alarm (>= 0.03)
                "DN-1;uranium;2025-03-03 10:00;0.004;mg/L",
            )
        )
    assert report.ok
    flips = list(
        AlertEvent.objects.filter(basis="tarp")
        .order_by("id")
        .values_list("from_level", "to_level", "status")
    )
    assert flips == [("normal", "alarm", "open"), ("alarm", "normal", "resolved")]
    # beside the TARP levels, the WHO norm (0.03 mg/L): exceeded, then within again
    norm = list(
        AlertEvent.objects.filter(basis="norm")
        .order_by("id")
        .values_list("from_level", "to_level", "status", "value")
    )
    assert norm == [
        ("within", "exceeds", "open", pytest.approx(0.045)),
        ("exceeds", "within", "resolved", pytest.approx(0.004)),
    ]
    alarm = AlertEvent.objects.get(to_level="alarm")
    assert alarm.observation is not None
    assert alarm.observation.value == pytest.approx(0.045)
    inspector = programme["inspector"]
    note = Notification.objects.get(user=inspector, key=f"alert:{alarm.pk}")
    assert note.kind == "alert"
    assert note.link == "/monitoring/alerts/"
    assert note.emailed_at
    assert any(inspector.email in m.to for m in mail.outbox)
    assert any("Resample within 48 h." in m.body for m in mail.outbox)


def test_no_flip_without_change(run_import: Callable[..., Any]) -> None:
    run_import(csv("UP-1;uranium;2025-03-01;0.001;mg/L", "UP-1;uranium;2025-03-02;0.002;mg/L"))
    assert AlertEvent.objects.count() == 0
    run_import(csv("UP-1;uranium;2025-03-03;0.02;mg/L"))  # alert (>= 0.015)
    run_import(csv("UP-1;uranium;2025-03-04;0.021;mg/L"))  # still alert: no new event
    flips = AlertEvent.objects.filter(trend=False).values_list("from_level", "to_level")
    assert list(flips) == [("normal", "alert")]
    # the steep rise is also projected to reach a higher level: a separate, flagged event
    assert AlertEvent.objects.filter(trend=True).exists()


def test_falling_parameter_freeboard(run_import: Callable[..., Any]) -> None:
    run_import(csv("FB-1;freeboard;2025-03-01;1.4;m"))  # <= 1.5: alarm
    assert Observation.objects.get().level == "alarm"
    assert AlertEvent.objects.get().to_level == "alarm"


def test_censored_values_raise_no_level(run_import: Callable[..., Any]) -> None:
    run_import(csv("DN-1;uranium;2025-03-01;<0.05;mg/L"))  # below 0.05: unknown, not alarm
    assert Observation.objects.get().level == "normal"
    run_import(csv("DN-1;uranium;2025-03-02;>0.05;mg/L"))  # at least 0.05: alarm
    assert Observation.objects.get(censored=">").level == "alarm"


def test_trend_warning_is_flagged(run_import: Callable[..., Any]) -> None:
    run_import(
        csv(
            "DN-1;uranium;2025-01-01;0.004;mg/L",
            "DN-1;uranium;2025-01-11;0.007;mg/L",
            "DN-1;uranium;2025-01-21;0.010;mg/L",
            "DN-1;uranium;2025-01-31;0.013;mg/L",
        )
    )
    trend = AlertEvent.objects.get(trend=True)
    assert trend.to_level in ("alert", "alarm")
    assert trend.from_level == "normal"
    assert "Trend" in render(trend.reason, "en")
    run_import(csv("DN-1;uranium;2025-02-01;0.0131;mg/L"))
    assert AlertEvent.objects.filter(trend=True, to_level=trend.to_level).count() == 1


def test_trend_reason_and_alert_texts_are_read_in_the_readers_language(
    run_import: Callable[..., Any],
) -> None:
    """Written while the uploader reads Tajik, read in English and Russian (issue 18, item 2):
    the trend projection, the level and the parameter's name follow the reader."""
    from django.utils import translation

    with translation.override("tg"):
        run_import(
            csv(
                "DN-1;uranium;2025-01-01;0.004;mg/L",
                "DN-1;uranium;2025-01-11;0.007;mg/L",
                "DN-1;uranium;2025-01-21;0.010;mg/L",
                "DN-1;uranium;2025-01-31;0.013;mg/L",
            )
        )
    trend = AlertEvent.objects.get(trend=True)
    english, russian, tajik = (render(trend.reason, lang) for lang in ("en", "ru", "tg"))
    assert english.startswith("Trend: the last 4 readings project")
    assert russian.startswith("Тренд:")
    assert tajik.startswith("Тамоюл:")
    assert trend.note == ""

    uranium = trend.series.parameter
    subject, body = services.alert_texts(trend)
    assert uranium.name_en in render(subject, "en")
    assert uranium.name_ru in render(subject, "ru")
    assert uranium.name_en not in render(body, "ru")
    assert "Trend: the last 4" in render(body, "en")


def test_acknowledge_and_resolve(
    run_import: Callable[..., Any], programme: dict[str, Any], users: dict[str, Any]
) -> None:
    run_import(csv("DN-1;uranium;2025-03-02;0.05;mg/L"))
    event = AlertEvent.objects.get(basis="tarp")
    with pytest.raises(PermissionDenied):
        services.acknowledge_alert(users["member"], event)
    with pytest.raises(PermissionDenied):  # an inspector of an institution not concerned
        services.acknowledge_alert(users["operator"], event)
    acked = services.acknowledge_alert(programme["inspector"], event, "sampling team sent")
    assert acked.status == "acknowledged"
    assert acked.acknowledged_by == programme["inspector"]
    with pytest.raises(ValidationError):
        services.acknowledge_alert(programme["inspector"], event)
    with pytest.raises(ValidationError) as refused:  # no reason, no closing (issue 15)
        services.resolve_alert(programme["secretariat"], event, "  ")
    assert "reason" in refused.value.message_dict
    event.refresh_from_db()
    assert event.status == "acknowledged"
    assert event.resolved_at is None
    done = services.resolve_alert(programme["secretariat"], event, "resample normal")
    assert done.status == "resolved"
    assert done.resolved_by == programme["secretariat"]
    assert done.resolution_reason == "resample normal"
    with pytest.raises(ValidationError):
        services.resolve_alert(programme["secretariat"], event)
    reasons = [h.history_change_reason for h in done.history.all()]
    assert "alert acknowledged" in reasons
    assert "alert resolved" in reasons


def test_manual_entry(programme: dict[str, Any]) -> None:
    when = timezone.now() - dt.timedelta(hours=1)
    report = services.record_observation(
        programme["inspector"], programme["u_down"], taken_at=when, value="0,1", unit="мг/л"
    )
    assert report.imported == 1
    assert Observation.objects.get().level == "emergency"  # >= 3 x 0.03
    with pytest.raises(ValidationError):  # the same reading again
        services.record_observation(
            programme["inspector"], programme["u_down"], taken_at=when, value="0,1"
        )
    with pytest.raises(ValidationError):
        services.record_observation(
            programme["inspector"], programme["u_down"], taken_at=when, value="-1"
        )
    with pytest.raises(PermissionDenied):
        services.record_observation(
            programme["secretariat"].__class__(role="member"),
            programme["u_down"],
            taken_at=when,
            value="1",
        )


def test_overdue_and_latest(run_import: Callable[..., Any], programme: dict[str, Any]) -> None:
    old = (timezone.now() - dt.timedelta(days=40)).strftime("%Y-%m-%d %H:%M")
    new = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    run_import(csv(f"UP-1;uranium;{old};0.001;mg/L", f"DN-1;uranium;{new};0.001;mg/L"))
    overdue = {pp.pk for pp in services.overdue_series()}
    assert programme["u_up"].pk in overdue  # 40 days > 30
    assert programme["u_down"].pk not in overdue
    assert programme["freeboard"].pk in overdue  # never sampled
    latest = services.latest_per_point()
    assert len(latest) == 2
    start = timezone.now() - dt.timedelta(days=365)
    assert services.exceedances(start, timezone.now()).count() == 0


def test_thresholds_relative_to_a_norm_in_another_unit(programme: dict[str, Any]) -> None:
    from tailsafe.monitoring.models import LimitNorm, PointParameter

    pp = programme["u_down"]
    pp.refresh_from_db()
    assert pp.resolved_thresholds() == pytest.approx(
        {"alert": 0.015, "alarm": 0.03, "emergency": 0.09}
    )
    ra = PointParameter(
        point=programme["up"],
        parameter=LimitNorm.objects.get(
            parameter_name="radium-226", norm__startswith="NRB"
        ).parameter,
        norm=LimitNorm.objects.get(parameter_name="radium-226", norm__startswith="NRB"),
        mode="norm_multiple",
        alarm=1.0,
    )
    with pytest.raises(ValidationError) as err:
        ra.full_clean()  # Bq/kg is never read as Bq/L
    assert "cannot be converted" in str(err.value)
    disordered = PointParameter(point=programme["up"], parameter=pp.parameter, alert=2.0, alarm=1.0)
    with pytest.raises(ValidationError):
        disordered.clean()


def test_configure_series(programme: dict[str, Any], users: dict[str, Any]) -> None:
    pp = programme["arsenic"]
    with pytest.raises(PermissionDenied):
        services.configure_series(users["inspector"], pp, {"alert": 0.001})
    with pytest.raises(ValidationError):
        services.configure_series(programme["secretariat"], pp, {"alert": 0.5})  # above alarm
    done = services.configure_series(programme["secretariat"], pp, {"alert": 0.002})
    assert done.alert == 0.002


def test_one_notification_task_per_import_and_each_user_told_once(
    run_import: Callable[..., Any], programme: dict[str, Any], users: dict[str, Any]
) -> None:
    from django.tasks.signals import task_enqueued

    from tailsafe.monitoring.tasks import notify_events_task

    enqueued: list[Any] = []

    def record(sender: Any, task_result: Any, **kwargs: Any) -> None:
        if task_result.task.name == notify_events_task.name:
            enqueued.append(task_result.args)

    task_enqueued.connect(record)
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            run_import(
                csv(
                    "DN-1;uranium;2025-03-01 10:00;0.05;mg/L",  # alarm
                    "UP-1;uranium;2025-03-01 10:00;0.02;mg/L",  # alert
                    "FB-1;freeboard;2025-03-01 10:00;1.4;m",  # alarm
                )
            )
    finally:
        task_enqueued.disconnect(record)
    events = list(AlertEvent.objects.order_by("pk").values_list("pk", flat=True))
    # three TARP levels and one norm event (DN-1 beyond the WHO norm; UP-1 is within it)
    assert len(events) == 4
    assert AlertEvent.objects.filter(basis="norm").count() == 1
    assert enqueued == [[events]]  # one task for the whole import
    inspector = programme["inspector"]
    assert Notification.objects.filter(user=inspector, kind="alert").count() == 4
    sent = len(mail.outbox)
    assert sent == Notification.objects.filter(kind="alert").count() >= 3
    # Run again (a retried task): nobody is told twice.
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.notify_events(events) == 0
    assert len(mail.outbox) == sent
    # Acknowledging marks the inspector's notification of that event read.
    assert services.notify_events([]) == 0
    alarm = AlertEvent.objects.get(series=programme["u_down"], basis="tarp")
    services.acknowledge_alert(inspector, alarm)
    assert Notification.objects.get(user=inspector, key=f"alert:{alarm.pk}").read_at
    assert Notification.objects.filter(user=inspector, read_at__isnull=True).count() == 3


def test_hand_entry_notifies_and_preferences_hold(
    programme: dict[str, Any], users: dict[str, Any]
) -> None:
    from django.core.management import call_command

    from tailsafe.notifications import services as notifications

    inspector = programme["inspector"]
    notifications.save_preferences(inspector, {"alert": ("both", "daily")})
    when = timezone.now() - dt.timedelta(hours=1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.record_observation(
            programme["secretariat"], programme["u_down"], taken_at=when, value="0.05"
        )
    event = AlertEvent.objects.get(basis="tarp")
    note = Notification.objects.get(user=inspector, key=f"alert:{event.pk}")
    assert note.key == f"alert:{event.pk}"
    assert note.emailed_at is None
    assert inspector.email not in [to for m in mail.outbox for to in m.to]  # waits for digest
    call_command("send_digest")
    digest = [m for m in mail.outbox if m.to == [inspector.email]]
    assert len(digest) == 1
    assert note.title in digest[0].body
    call_command("send_digest")
    assert len([m for m in mail.outbox if m.to == [inspector.email]]) == 1


def test_the_duplicate_alert_notification_model_is_gone() -> None:
    from django.apps import apps

    with pytest.raises(LookupError):
        apps.get_model("monitoring", "AlertNotification")
