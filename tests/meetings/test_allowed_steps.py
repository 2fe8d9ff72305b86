"""The next steps of minutes and meetings, asked by the services (which refuse otherwise) and by
the templates (which show the buttons) - the rule in one place (issue 13, item 4)."""

from __future__ import annotations

import pytest

from tailsafe.meetings.models import Meeting, Minutes

S = Minutes.Status


@pytest.mark.parametrize(
    ("status", "circulate", "approve", "comment"),
    [
        (S.DRAFT, True, False, False),
        (S.CIRCULATED, False, True, True),
        (S.APPROVED, False, False, False),
    ],
)
def test_minutes_steps_follow_the_status(
    status: str, circulate: bool, approve: bool, comment: bool
) -> None:
    minutes = Minutes(status=status)
    assert minutes.can_be_circulated is circulate
    assert minutes.can_be_approved is approve
    assert minutes.takes_comments is comment


@pytest.mark.parametrize("status", list(Meeting.Status))
def test_attendance_is_taken_until_the_minutes_are_approved(status: str) -> None:
    assert Meeting(status=status).takes_attendance is (status != Meeting.Status.MINUTES_APPROVED)
