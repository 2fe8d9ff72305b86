"""A notice is submitted only as a draft: asked by submit_notice (which refuses otherwise) and
by the notice page (which shows the button) - the rule in one place (issue 13, item 4)."""

from __future__ import annotations

import pytest

from tailsafe.transboundary.models import Notice


@pytest.mark.parametrize("status", list(Notice.Status))
def test_only_a_draft_can_be_submitted(status: str) -> None:
    assert Notice(status=status).can_be_submitted is (status == Notice.Status.DRAFT)
