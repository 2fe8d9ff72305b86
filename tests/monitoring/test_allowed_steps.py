"""The next steps of an alert, asked by the services (which refuse otherwise) and by the alert
list (which shows the buttons) - the rule in one place (issue 13, item 4)."""

from __future__ import annotations

import pytest

from tailsafe.monitoring.models import AlertEvent

S = AlertEvent.Status


@pytest.mark.parametrize(
    ("status", "acknowledge", "resolve"),
    [(S.OPEN, True, True), (S.ACKNOWLEDGED, False, True), (S.RESOLVED, False, False)],
)
def test_alert_steps_follow_the_status(status: str, acknowledge: bool, resolve: bool) -> None:
    event = AlertEvent(status=status)
    assert event.can_be_acknowledged is acknowledge
    assert event.can_be_resolved is resolve
