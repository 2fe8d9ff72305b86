"""Tailings facilities (T1), their Natech profile (T4) and GISTM ratings, with the source and
confidence of every value (methodology.md, "Inventory")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.core.i18n import localized
from tailsafe.core.models import Archivable
from tailsafe.facilities import borders, derived
from tailsafe.facilities import choices as ch
from tailsafe.facilities.choices import (
    BASIN_CHOICES,
    CONFIDENCE_CHOICES,
    EXPOSURE_CHOICES,
    GISTM_CHOICES,
)

MAX_VOLUME_M3 = Decimal("1e10")
"""Largest plausible stored volume; a larger figure is a typing error (issue 4, bad input)."""


class Facility(Archivable):
    """A tailings management facility of the inventory (T1, §8-9).

    Blank THI inputs mean *unknown*, never zero: the indexes then report a minimum, a maximum
    and the missing terms. ``provenance`` holds, for each field, where the value came from and
    how sure it is: ``{field: {"source": str, "confidence": "high|medium|low", "note": str}}``.
    """

    # The coded vocabularies live in facilities/choices.py; read them as Facility.Status etc.
    Status = ch.Status
    Confirmation = ch.Confirmation
    LocationBasis = ch.LocationBasis
    Wgk = ch.Wgk
    ToxicityScheme = ch.ToxicityScheme
    GostClass = ch.GostClass
    Management = ch.Management
    Flood = ch.Flood
    Seismic = ch.Seismic
    DamCondition = ch.DamCondition

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_tg = models.CharField(_("name (Tajik)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300)
    other_names = models.CharField(_("other names"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNKNOWN
    )
    status_note = models.TextField(_("status as reported"), blank=True)
    confirmation = models.CharField(
        _("confirmation"),
        max_length=12,
        choices=Confirmation.choices,
        default=Confirmation.CANDIDATE,
    )
    commodity = models.CharField(_("commodity"), max_length=200, blank=True)
    operator = models.ForeignKey(
        "governance.Institution",
        verbose_name=_("operator institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    operator_note = models.TextField(_("operator / owner as reported"), blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    nearest_settlement = models.CharField(_("nearest settlement"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    coord_uncertainty_km = models.DecimalField(
        _("location uncertainty (km)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(500))],
        help_text=_(
            "How far the facility may lie from the stored point (a judgement, not a survey)."
        ),
    )
    location_basis = models.CharField(
        _("location basis"),
        max_length=30,
        choices=LocationBasis.choices,
        default=LocationBasis.UNKNOWN,
    )
    # Tailings
    volume_m3 = models.DecimalField(
        _("stored tailings volume (m³)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_VOLUME_M3)],
    )
    pond_volume_m3 = models.DecimalField(
        _("pond water volume (m³)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_VOLUME_M3)],
        help_text=_(
            "Free water on the tailings; with the tailings volume it gives the total volume a "
            "failure could release (run-out screening)."
        ),
    )
    volume_basis = models.CharField(_("volume basis"), max_length=300, blank=True)
    volume_unit = models.CharField(_("quantity as reported"), max_length=300, blank=True)
    mass_t = models.DecimalField(
        _("tailings mass (t)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    density_t_m3 = models.DecimalField(
        _("dry density (t/m³)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("10"))],
    )
    throughput_t_per_year = models.DecimalField(
        _("ore throughput (t/year)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    operating_years = models.DecimalField(
        _("years of operation"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(200))],
    )
    area_ha = models.DecimalField(
        _("area (ha)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    dam_type = models.CharField(_("dam type"), max_length=100, blank=True)
    dam_height_m = models.DecimalField(
        _("dam height (m)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal(400))],
    )
    hazardous_substances = models.TextField(_("hazardous substances"), blank=True)
    # THI inputs (blank = unknown)
    toxicity_scheme = models.CharField(
        _("toxicity scheme"), max_length=4, choices=ToxicityScheme.choices, blank=True
    )
    wgk = models.CharField(
        _("water hazard class (WGK)"), max_length=7, choices=Wgk.choices, blank=True
    )
    gost_class = models.CharField(
        _("hazard class (GOST 12.1.007)"), max_length=3, choices=GostClass.choices, blank=True
    )
    wgk_justification = models.TextField(_("WGK justification"), blank=True)
    radioactive = models.BooleanField(_("radioactive"), null=True, blank=True)
    radioactive_justification = models.TextField(
        _("justification of the radioactive toxicity override"), blank=True
    )
    management = models.CharField(
        _("management"), max_length=12, choices=Management.choices, blank=True
    )
    flood = models.CharField(_("flood exposure"), max_length=16, choices=Flood.choices, blank=True)
    seismic = models.CharField(
        _("seismic hazard class"), max_length=10, choices=Seismic.choices, blank=True
    )
    dam_condition = models.CharField(
        _("dam condition"), max_length=10, choices=DamCondition.choices, blank=True
    )
    # Downstream (TRI inputs)
    river = models.CharField(_("river"), max_length=200, blank=True)
    basin = models.CharField(_("river basin"), max_length=12, choices=BASIN_CHOICES, blank=True)
    downstream_countries = models.CharField(_("downstream countries"), max_length=300, blank=True)
    distance_to_river_km = models.DecimalField(
        _("distance to the river (km)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(5000))],
    )
    distance_to_settlement_km = models.DecimalField(
        _("distance to the nearest settlement (km)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(5000))],
    )
    distance_to_border_km = models.DecimalField(
        _("distance to the state border along the valley, as a source gives it (km)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(5000))],
        help_text=_(
            "Only a figure a source gives for the way along the valley; leave it empty "
            "otherwise. The straight-line distance is computed from the coordinates."
        ),
    )
    population_downstream = models.PositiveIntegerField(
        _("population downstream (within 10 km)"), null=True, blank=True
    )
    protected_area_downstream = models.BooleanField(
        _("protected area or drinking-water intake downstream"), null=True, blank=True
    )
    dam_across_watercourse = models.BooleanField(
        _("dam across a watercourse"), null=True, blank=True
    )
    # Natech profile (T4)
    seismic_msk64 = models.DecimalField(
        _("seismic intensity (MSK-64)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(12))],
    )
    seismic_pga_g = models.DecimalField(
        _("peak ground acceleration (g)"),
        max_digits=5,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(3))],
    )
    seismic_source = models.CharField(_("seismic hazard source"), max_length=300, blank=True)
    mudflow = models.CharField(
        _("mudflow exposure"), max_length=10, choices=EXPOSURE_CHOICES, blank=True
    )
    flash_flood = models.CharField(
        _("flash-flood exposure"), max_length=10, choices=EXPOSURE_CHOICES, blank=True
    )
    landslide = models.CharField(
        _("landslide exposure"), max_length=10, choices=EXPOSURE_CHOICES, blank=True
    )
    design_flood = models.CharField(_("design flood of the dam"), max_length=200, blank=True)
    design_earthquake = models.CharField(
        _("design earthquake of the dam"), max_length=200, blank=True
    )
    natural_hazards_note = models.TextField(_("natural hazards as reported"), blank=True)
    climate_notes = models.TextField(_("climate scenario notes"), blank=True)
    # GISTM ratings other than population at risk (that one follows the population downstream)
    gistm_loss_of_life = models.CharField(
        _("GISTM: potential loss of life"), max_length=12, choices=GISTM_CHOICES, blank=True
    )
    gistm_environment = models.CharField(
        _("GISTM: environment"), max_length=12, choices=GISTM_CHOICES, blank=True
    )
    gistm_health_social_cultural = models.CharField(
        _("GISTM: health, social and cultural"), max_length=12, choices=GISTM_CHOICES, blank=True
    )
    gistm_infrastructure_economics = models.CharField(
        _("GISTM: infrastructure and economics"), max_length=12, choices=GISTM_CHOICES, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    sources = models.TextField(_("sources"), blank=True)
    confidence = models.CharField(
        _("overall confidence"), max_length=6, choices=CONFIDENCE_CHOICES, blank=True
    )
    provenance = models.JSONField(
        _("source and confidence of each value"), default=dict, blank=True
    )
    is_demo = models.BooleanField(_("demo record"), default=False)
    published = models.BooleanField(
        _("published on the public page"),
        default=False,
        help_text=_("Switched by the secretariat (P4): only published facilities are public."),
    )
    current_assessment = models.ForeignKey(
        "methodology.HazardAssessment",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("current hazard assessment"),
    )
    """The latest assessment, set by methodology.services.recompute_assessment: the ranking is
    one indexed query (issue 17, item 4; issue 20)."""
    version = models.PositiveIntegerField(default=1, editable=False)
    """Raised by every save: an edit form carries the version it was opened at, and
    services.update_facility refuses it once someone else saved (no lost update, issue 9)."""
    history = HistoricalRecords(excluded_fields=["version", "current_assessment"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("tailings facility")
        verbose_name_plural = _("tailings facilities")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """A hazard class is recorded with its scheme, and a GOST class is never copied into
        the WGK term (methodology.md, THI rules): one scheme per facility."""
        super().clean()
        if self.wgk and self.gost_class:
            raise ValidationError(
                {
                    "gost_class": _(
                        "Enter the toxicity in one scheme only: a GOST 12.1.007 class is mapped "
                        "to the WGK term, never entered beside it."
                    )
                }
            )
        if self.toxicity_scheme == self.ToxicityScheme.WGK and self.gost_class:
            raise ValidationError(
                {"gost_class": _("The scheme is WGK: leave the GOST class empty.")}
            )
        if self.toxicity_scheme == self.ToxicityScheme.GOST and self.wgk:
            raise ValidationError({"wgk": _("The scheme is GOST 12.1.007: leave the WGK empty.")})

    def record_toxicity_scheme(self) -> None:
        """Record the scheme of an entered class when none is chosen (services call it when
        the class changes, so an unchanged edit changes nothing)."""
        if not self.toxicity_scheme:
            if self.wgk:
                self.toxicity_scheme = self.ToxicityScheme.WGK
            elif self.gost_class:
                self.toxicity_scheme = self.ToxicityScheme.GOST

    @property
    def radioactive_justification_missing(self) -> bool:
        """Radioactive tailings take the toxicity override, which needs a written
        justification (methodology.md): True when it is not written."""
        return bool(self.radioactive) and not self.radioactive_justification.strip()

    @property
    def name(self) -> str:
        return localized(self, "name")

    def source_of(self, field: str) -> dict[str, Any]:
        """Provenance of one field ({} when none was recorded)."""
        value = (self.provenance or {}).get(field)
        return value if isinstance(value, dict) else {}

    def thi_inputs(self) -> dict[str, object]:
        """The THI/TRI inputs, None for every unknown value (facilities/derived.py)."""
        return derived.thi_inputs(self)

    def border_distance(self) -> borders.BorderDistance | None:
        """The distance to the border (facilities/derived.py); None without coordinates."""
        return derived.border_distance(self)

    @property
    def latest_assessment(self) -> Any:
        return self.assessments.order_by("-computed_at", "-id").first()
