"""A drill's EXERCISE alert runs the whole chain but is never counted as an open alert inside the
platform (issue 19 item 4: excluded from statistics)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_a_drill_alert_is_not_counted_as_open(users: dict[str, Any]) -> None:
    from tailsafe.facilities.models import Facility
    from tailsafe.governance.models import Institution
    from tailsafe.monitoring import demo as monitoring_demo
    from tailsafe.monitoring import services
    from tailsafe.monitoring.models import AlertEvent
    from tailsafe.transboundary import services as tb

    monitoring_demo.load(None)
    facility = Facility.objects.create(
        code="T04",
        name_ru="Табошар",
        name_en="Taboshar",
        operator=Institution.objects.get(key="industry"),
    )
    drill = tb.start_drill(users["secretariat"], facility)
    event = AlertEvent.objects.get(pk=drill.event_id)
    assert event.exercise
    assert tb.is_exercise(event)
    assert not services.open_alerts().filter(pk=event.pk).exists()
    assert not AlertEvent.objects.filter(services.q_open(), pk=event.pk).exists()
