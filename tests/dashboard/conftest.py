"""The dashboard reads every area: it borrows the meeting world (members, a guest, this year's
co-chair term) of the meetings tests."""

from tests.meetings.conftest import meeting, world

__all__ = ["meeting", "world"]
