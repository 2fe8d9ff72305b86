"""What the transboundary services share: the shipped contacts, the levels that open a warning."""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger(__name__)

CONTACTS_CSV = Path(__file__).parent.parent / "data" / "transboundary_contacts.csv"
OPENING_LEVELS = ("alarm", "emergency")
"""An alarm or an emergency at a transboundary facility drafts an early warning."""
