"""The vocabularies of the monitoring models: units, confidence, TARP levels, norm states,
censoring."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tailsafe.monitoring import units

UNIT_LIST = ", ".join(units.UNITS)

CONFIDENCE_CHOICES = [("high", _("high")), ("medium", _("medium")), ("low", _("low"))]

LEVEL_CHOICES = [
    ("normal", _("normal")),
    ("alert", _("alert")),
    ("alarm", _("alarm")),
    ("emergency", _("emergency")),
]
LEVEL_LABELS = dict(LEVEL_CHOICES)
# A norm event (AlertEvent.basis "norm") flips between these two states of its series.
NORM_STATE_CHOICES = [("within", _("within the norm")), ("exceeds", _("exceeds the norm"))]
EVENT_STATE_CHOICES = LEVEL_CHOICES + NORM_STATE_CHOICES
EVENT_STATE_LABELS = dict(EVENT_STATE_CHOICES)

CENSORED_CHOICES = [("", _("measured")), ("<", _("below the limit (<)")), (">", _("above (>)"))]
# thresholds.compare_with_limit's answers, as stored on a reading.
NORM_RESULT_CHOICES = [
    ("", _("no norm")),
    ("exceeds", _("exceeds the norm")),
    ("within", _("within the norm")),
    ("inconclusive", _("inconclusive")),
]
