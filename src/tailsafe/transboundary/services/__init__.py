"""Named write operations for transboundary warning (issue 19; UNECE IA Convention Art. 10,
12, Annex IX; §28 of the terms of reference). Each checks permission, applies the rule, writes
the audit entry and runs in one transaction."""

from __future__ import annotations

from tailsafe.transboundary.services.base import (
    CONTACTS_CSV,
    OPENING_LEVELS,
)
from tailsafe.transboundary.services.content import (
    COUNTRY_KEYS,
    KIND_KEYS,
    LEVEL_KEYS,
    VERDICT_KEYS,
    annex_content,
    border_reach,
    missing_elements,
)
from tailsafe.transboundary.services.drafting import (
    approve_and_send,
    draft_notice,
    is_exercise,
    letter_approved,
    on_alerts_opened,
    pending_followups,
    render_letter,
    submit_notice,
    warn_on_alerts,
)
from tailsafe.transboundary.services.drills import (
    drill_report,
    require_manage,
    start_drill,
    statistics,
)
from tailsafe.transboundary.services.register import (
    add_contact,
    add_rule,
    bodies_for,
    save_body,
    seed_bodies,
)

__all__ = [
    "CONTACTS_CSV",
    "COUNTRY_KEYS",
    "KIND_KEYS",
    "LEVEL_KEYS",
    "OPENING_LEVELS",
    "VERDICT_KEYS",
    "add_contact",
    "add_rule",
    "annex_content",
    "approve_and_send",
    "bodies_for",
    "border_reach",
    "draft_notice",
    "drill_report",
    "is_exercise",
    "letter_approved",
    "missing_elements",
    "on_alerts_opened",
    "pending_followups",
    "render_letter",
    "require_manage",
    "save_body",
    "seed_bodies",
    "start_drill",
    "statistics",
    "submit_notice",
    "warn_on_alerts",
]
