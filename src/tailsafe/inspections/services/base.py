"""What the inspection services share: answers, credibilities, modules, evidence kinds, bands."""

from __future__ import annotations

from tailsafe.inspections.models import (
    ANSWER_CHOICES,
    CREDIBILITY_CHOICES,
)
from tailsafe.methodology.models import MODULE_CHOICES

ANSWERS = {k for k, _l in ANSWER_CHOICES}
CREDIBILITIES = {k for k, _l in CREDIBILITY_CHOICES}
MODULES = {k for k, _l in MODULE_CHOICES}
EVIDENCE_KINDS = ("pdf", "png", "jpeg", "tiff")
BANDS = ("red", "amber", "green")
