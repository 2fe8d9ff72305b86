"""Audit trail helpers (P3): every write records who, when and what changed.

django-simple-history keeps a historical row per save; services call `save_with_audit` so the
acting user and a reason are recorded even outside a request (management commands, tasks).
"""

from dataclasses import dataclass
from typing import Any

from django.db import models


def save_with_audit(obj: models.Model, user: Any, reason: str = "") -> None:
    obj._history_user = user if getattr(user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str
    kind: str
    reason: str
    changes: list[Change]


def history_of(obj: models.Model, limit: int = 200) -> list[HistoryEntry]:
    """The record's history, newest first, each entry with the fields it changed."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[  # type: ignore[attr-defined]
            : limit + 1
        ]
    )
    entries = []
    for i, rec in enumerate(records[:limit]):
        prev = records[i + 1] if i + 1 < len(records) else None
        changes: list[Change] = []
        if prev is not None:
            delta = rec.diff_against(prev)
            changes = [Change(c.field, _short(c.old), _short(c.new)) for c in delta.changes]
        entries.append(
            HistoryEntry(
                when=rec.history_date,
                who=str(rec.history_user) if rec.history_user else "—",
                kind=rec.get_history_type_display(),
                reason=rec.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 120 else text[:117] + "..."
