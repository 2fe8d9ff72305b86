"""Audit trail helpers (P3): every write records who, when and what changed.

django-simple-history keeps a historical row per save; services call `save_with_audit` so the
acting user and a reason are recorded even outside a request (management commands, tasks).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tailsafe.core.i18n import text_language
from tailsafe.core.stored_text import StoredText, is_stored_text, render

if TYPE_CHECKING:
    from tailsafe.core.models import User


REASON_MAX = 100
"""The length of simple_history's change-reason column."""


def save_with_audit(obj: models.Model, user: User | None, reason: str | StoredText = "") -> None:
    """Save with the acting user and the reason in the record's history. A reason with a
    parameter is a stored text (core.stored_text: shown in the reader's language); a plain
    reason is an English msgid, translated when shown."""
    obj._history_user = user if getattr(user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    obj._change_reason = stored_reason(reason)  # type: ignore[attr-defined]
    obj.save()


def stored_reason(reason: str | StoredText) -> str:
    """The reason as the history column holds it: a stored text as compact JSON (rendered in
    English if it would not fit the column)."""
    if not is_stored_text(reason):
        return str(reason)
    encoded = json.dumps(reason, ensure_ascii=False, separators=(",", ":"))
    return encoded if len(encoded) <= REASON_MAX else render(reason, "en")[:REASON_MAX]


def differs_from_stored(obj: models.Model) -> bool:
    """Whether a record (new, or with any stored column changed) has something to write."""
    if obj.pk is None:
        return True
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    if stored is None:
        return True
    return any(
        getattr(obj, f.attname) != getattr(stored, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key
    )


def save_if_changed(obj: models.Model, user: User, reason: str = "") -> bool:
    """Save with audit only when something differs from the stored row: an edit form submitted
    unchanged writes nothing, not even a history row (issue 15). Returns whether it saved."""
    if not differs_from_stored(obj):
        return False
    save_with_audit(obj, user, reason)
    return True


@dataclass(frozen=True)
class Change:
    field: str  # the field's label (verbose_name) in the reader's language
    old: str
    new: str
    old_lang: str = ""  # the language of a value typed by someone ("" when the platform's own)
    new_lang: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    when: Any  # aware datetime: templates show it in local time (Asia/Dushanbe)
    who: str  # the person's name, not the login
    kind: str
    reason: str
    changes: list[Change]


# Reasons the services record with save_with_audit, marked for the catalogues so that history
# shows them in the reader's language (a reason not listed here is shown as written).
REASONS = (
    N_("Tajik name from the reference list"),
    N_("accepted"),
    N_("action item created"),
    N_("action item updated"),
    N_("agenda item added"),
    N_("agenda item updated"),
    N_("agenda reordered"),
    N_("alert acknowledged"),
    N_("alert resolved"),
    N_("answer"),
    N_("answer saved"),
    N_("approved"),
    N_("archived"),
    N_("assessment started"),
    N_("assessment submitted"),
    N_("attendance"),
    N_("circulated"),
    N_("co-chair term recorded"),
    N_("column mapping saved"),
    N_("confirmed by the secretariat"),
    N_("copied for correction"),
    N_("correction started"),
    N_("demo operator assigned"),
    N_("document attached"),
    N_("draft"),
    N_("draft edited"),
    N_("establishment recorded"),
    N_("facility created"),
    N_("facility updated"),
    N_("file attached"),
    N_("finding recorded"),
    N_("guest archived"),
    N_("guest saved"),
    N_("institution archived"),
    N_("institution created"),
    N_("institution updated"),
    N_("invited"),
    N_("joint inspection completed"),
    N_("joint inspection planned"),
    N_("language changed"),
    N_("meeting planned"),
    N_("meeting updated"),
    N_("minutes approved"),
    N_("minutes edited"),
    N_("minutes saved"),
    N_("minutes section added"),
    N_("minutes started"),
    N_("monitoring point created"),
    N_("monitoring point updated"),
    N_("nominated"),
    N_("parameter set activated"),
    N_("parameter set deactivated"),
    N_("parameter set loaded"),
    N_("person created"),
    N_("position recorded"),
    N_("programme parameter added"),
    N_("programme parameter updated"),
    N_("progress update"),
    N_("proposal added"),
    N_("question bank activated"),
    N_("question bank deactivated"),
    N_("question bank loaded"),
    N_("recommendation adopted by consensus"),
    N_("recommendation adopted in the minutes"),
    N_("recommendation corrected"),
    N_("recommendation drafted"),
    N_("recommendation proposed to the meeting"),
    N_("recommendation update"),
    N_("record added"),
    N_("record saved"),
    N_("renewed"),
    N_("reply by link"),
    N_("report received"),
    N_("returned with comments"),
    N_("rotation configured"),
    N_("self-assessment recorded"),
    N_("status from progress update"),
    N_("status from recommendation update"),
    N_("submitted for approval"),
    N_("terms of reference and agenda"),
    N_("terms of reference version added"),
    N_("thresholds configured"),
    N_("two-factor login enabled"),
    N_("work commissioned"),
    N_("work updated"),
)
HISTORY_KINDS = {"+": N_("Created"), "~": N_("Changed"), "-": N_("Deleted")}
HIDDEN_FIELDS = {"id", "version", "revision", "token_hash", "password", "search_vector"}


def history_of(obj: models.Model, limit: int = 200) -> list[HistoryEntry]:
    """The record's history, newest first, each entry with the fields it changed, readable by
    people (issue 15 §7): field labels in the reader's language, choice labels rather than
    codes, linked records and people by name, yes/no, dates in the reader's format, a file's
    name rather than its path, stored texts rendered, and no raw dicts."""
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
            for c in delta.changes:
                if c.field in HIDDEN_FIELDS:
                    continue
                field = _field(obj, c.field)
                old, old_typed = _value(field, c.old)
                new, new_typed = _value(field, c.new)
                changes.append(
                    Change(
                        _label(field, c.field),
                        old,
                        new,
                        text_language(old) if old_typed else "",
                        text_language(new) if new_typed else "",
                    )
                )
        entries.append(
            HistoryEntry(
                when=rec.history_date,
                who=person_name(rec.history_user),
                kind=gettext(HISTORY_KINDS.get(rec.history_type, rec.get_history_type_display())),
                reason=_reason(rec.history_change_reason or ""),
                changes=changes,
            )
        )
    return entries


def person_name(user: User | None) -> str:
    """A user as people know them: the person record's name, the account's full name, the
    login only when nothing else is known; "—" for the system."""
    if user is None:
        return "—"
    person: Any = None
    with contextlib.suppress(ObjectDoesNotExist):
        person = user.person
    name = str(getattr(person, "full_name", "") or "")
    if name:
        return name
    return str(user.get_full_name() or user.username)


def _reason(reason: str) -> str:
    if reason.startswith('{"key"'):
        try:
            return render(json.loads(reason))
        except ValueError:
            return reason
    return gettext(reason) if reason else ""


def _field(obj: models.Model, name: str) -> Any:
    try:
        return obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(field: Any, name: str) -> str:
    label = getattr(field, "verbose_name", None) or name.replace("_", " ")
    text = str(label)
    return text[:1].upper() + text[1:]


def _value(field: Any, value: Any) -> tuple[str, bool]:
    """One stored value as a person reads it, and whether it is text someone typed (shown as
    written, in its own language) rather than the platform's own words."""
    if value is None or value == "":
        return "", False
    if field is not None and getattr(field, "choices", None):
        labels = {str(k): v for k, v in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)]), False
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return gettext("(removed record)"), False
        if hasattr(related, "get_username"):
            return person_name(cast("User", related)), True  # the user model: get_username
        return _short(str(related)), True
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no"), False
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT"), False
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT"), False
    if isinstance(field, models.FileField) or (hasattr(value, "name") and hasattr(value, "url")):
        return PurePosixPath(str(getattr(value, "name", value))).name, True
    if is_stored_text(value):
        return _short(render(value)), False
    if isinstance(value, dict | list):
        return gettext("(structured data changed)"), False
    if isinstance(value, Decimal | float | int):
        return formats.number_format(value, use_l10n=True), False
    return _short(str(value)), True


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 120 else text[:117] + "..."
