"""The next steps of a letter, asked by the services (which refuse otherwise) and by the letter
page (which shows the buttons) - the rule in one place (issue 13, item 4)."""

from __future__ import annotations

import pytest

from tailsafe.correspondence.models import Letter

S = Letter.Status


@pytest.mark.parametrize(
    ("status", "editable", "waiting"),
    [
        (S.REGISTERED, False, False),
        (S.DRAFT, True, False),
        (S.SUBMITTED, False, True),
        (S.REJECTED, True, False),
        (S.APPROVED, False, False),
    ],
)
def test_letter_steps_follow_the_status(status: str, editable: bool, waiting: bool) -> None:
    group = Letter(status=status, on_behalf_of_group=True)
    assert group.is_editable is editable
    assert group.can_be_submitted is editable
    assert group.awaits_approval is waiting
    registered = Letter(status=status, on_behalf_of_group=False)
    assert registered.can_be_submitted is False
