"""The meeting world of tests/meetings, reused."""

from tests.meetings.conftest import meeting, world  # noqa: F401
