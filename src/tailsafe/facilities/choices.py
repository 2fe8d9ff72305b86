"""The vocabularies of the inventory: basins, confidence, GISTM classes, exposure, and the coded
fields of a facility (status, location basis, toxicity classes, Natech profile). Facility keeps
each as a class attribute (``Facility.Status``), so callers read them from the model."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

CONFIDENCE_CHOICES = [("high", _("high")), ("medium", _("medium")), ("low", _("low"))]

BASIN_CHOICES = [
    ("syr_darya", _("Syr Darya")),
    ("zeravshan", _("Zeravshan")),
    ("amu_darya", _("Amu Darya")),
]

GISTM_CHOICES = [
    ("Low", _("Low")),
    ("Significant", _("Significant")),
    ("High", _("High")),
    ("Very High", _("Very High")),
    ("Extreme", _("Extreme")),
]

EXPOSURE_CHOICES = [
    ("none", _("not exposed")),
    ("low", _("low")),
    ("moderate", _("moderate")),
    ("high", _("high")),
]


class Status(models.TextChoices):
    """The inventory's status words (issue 17); what the source says stays in status_note."""

    OPERATING = "operating", _("operating")
    CLOSED = "closed", _("closed or idle")
    LEGACY = "legacy", _("legacy (no owner, not remediated)")
    REMEDIATED = "remediated", _("remediated")
    UNKNOWN = "unknown", _("unknown")


class Confirmation(models.TextChoices):
    CANDIDATE = "candidate", _("candidate, awaiting confirmation")
    CONFIRMED = "confirmed", _("confirmed by the secretariat")


class LocationBasis(models.TextChoices):
    SURVEYED = "surveyed", _("surveyed")
    SETTLEMENT_APPROXIMATE = "settlement_approximate", _("settlement, approximate")
    UNKNOWN = "unknown", _("unknown")


class Wgk(models.TextChoices):
    NWG = "nwg", _("nwg (not hazardous to water)")
    WGK1 = "1", _("WGK 1 (slightly hazardous)")
    WGK2 = "2", _("WGK 2 (obviously hazardous)")
    WGK3 = "3", _("WGK 3 (highly hazardous)")
    AWG = "awg", _("awg (generally hazardous)")
    UNKNOWN = "unknown", _("unclassified substances (presumed WGK 3)")


class ToxicityScheme(models.TextChoices):
    WGK = "wgk", _("German WGK")
    GOST = "gost", _("GOST 12.1.007")


class GostClass(models.TextChoices):
    I = "I", _("GOST class I (extremely hazardous)")  # noqa: E741
    II = "II", _("GOST class II (highly hazardous)")
    III = "III", _("GOST class III (moderately hazardous)")
    IV = "IV", _("GOST class IV (low hazard)")


class Management(models.TextChoices):
    ADEQUATE = "adequate", _("adequate")
    DEFICIENT = "deficient", _("deficient")
    ABANDONED = "abandoned", _("abandoned / none")


class Flood(models.TextChoices):
    OUTSIDE = "outside", _("outside flood-prone area")
    PRONE = "prone", _("flood-prone area")
    VALLEY_BOTTOM = "valley_bottom", _("valley bottom / across a watercourse")


class Seismic(models.TextChoices):
    LOW = "low", _("low")
    MODERATE = "moderate", _("moderate")
    HIGH = "high", _("high")


class DamCondition(models.TextChoices):
    NONE = "none", _("no deficiencies")
    MINOR = "minor", _("minor deficiencies")
    SERIOUS = "serious", _("serious (seepage, deformation, freeboard)")
