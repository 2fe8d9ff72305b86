"""Reference data of this area: the provisional starter question bank (idempotent)."""

from typing import Any

from tailsafe.methodology.question_bank import active_bank


def load(users: Any) -> None:
    active_bank()
