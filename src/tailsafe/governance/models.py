"""Governance records: establishment and ToR (G1), the List of Participating Institutions (G2),
members and nominations (G3), co-chair terms (G4) and the guest directory (G5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.core.i18n import localized
from tailsafe.core.models import Archivable

CONFIDENCE_CHOICES = [("high", _("high")), ("medium", _("medium")), ("low", _("low"))]


class Establishment(models.Model):
    """The legal basis the group was established on (§16-18)."""

    class Basis(models.TextChoices):
        MOU = "mou", _("Memorandum of Understanding among the authorities (§16)")
        DRR_PLATFORM = (
            "drr_platform",
            _("Expert group of the National Platform on Disaster Risk Reduction (§17)"),
        )
        WATER_DIALOGUE = (
            "water_dialogue",
            _(
                "Expert group of the Coordination Council of the National Water Policy "
                "Dialogue (§18)"
            ),
        )

    basis = models.CharField(_("legal basis"), max_length=20, choices=Basis.choices)
    adopted_on = models.DateField(_("adopted on"))
    act = models.CharField(_("founding act"), max_length=300)
    document = models.FileField(_("founding document"), upload_to="governance/establishment/")
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("establishment")

    def __str__(self) -> str:
        return f"{self.get_basis_display()} ({self.adopted_on})"


class TorVersion(models.Model):
    """A version of the terms of reference with the act that adopted it (§29)."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    adopted_on = models.DateField(_("adopted on"))
    adopting_act = models.CharField(_("adopting act"), max_length=300)
    document = models.FileField(_("document"), upload_to="governance/tor/")
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("terms of reference version")

    def __str__(self) -> str:
        return f"{self.version} ({self.adopted_on})"


class Institution(Archivable):
    """A participating (or related) institution, named in Russian, Tajik and English (G2, P1)."""

    class Type(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        COMMITTEE = "committee", _("committee")
        STATE_SERVICE = "state_service", _("state service")
        AGENCY = "agency", _("agency")
        ACADEMY = "academy", _("academy")
        RESEARCH = "research", _("research institute")
        STATE_BODY = "state_body", _("state body")
        OPERATOR = "operator", _("operator")
        NGO = "ngo", _("NGO")
        INTERNATIONAL = "international", _("international partner")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_tg = models.CharField(_("name (Tajik)"), max_length=300, blank=True)
    name_tg_source = models.TextField(_("source of the Tajik name"), blank=True)
    name_tg_confidence = models.CharField(
        _("confidence of the Tajik name"), max_length=60, blank=True, choices=CONFIDENCE_CHOICES
    )
    name_en = models.CharField(_("name (English)"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    in_lpi = models.BooleanField(_("in the List of Participating Institutions"), default=True)
    rotating_cochair = models.BooleanField(_("rotating co-chair authority (§21)"), default=False)
    secretariat = models.BooleanField(_("holds the secretariat (§21)"), default=False)
    role_in_tor = models.CharField(_("named in the terms of reference"), max_length=60, blank=True)
    email = models.EmailField(_("official e-mail"), blank=True)
    source = models.TextField(_("source"), blank=True)
    confidence = models.CharField(_("confidence"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class LpiChange(models.Model):
    """One dated change of the List of Participating Institutions, tied to the meeting that
    decided it (§19). The meeting is a plain reference until meetings are recorded here."""

    class Kind(models.TextChoices):
        ADDED = "added", _("added to the list")
        REMOVED = "removed", _("removed from the list")
        UPDATED = "updated", _("details changed")

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="lpi_changes"
    )
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    effective_on = models.DateField(_("effective on"))
    decided_at = models.CharField(
        _("decided at (meeting and minutes reference)"), max_length=300, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("change of the list of participating institutions")

    def __str__(self) -> str:
        return f"{self.effective_on}: {self.institution} ({self.kind})"


class Person(Archivable):
    """A person who is (or was) a member or a co-chair's senior official."""

    full_name = models.CharField(_("full name"), max_length=200)
    position_title = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_demo = models.BooleanField(_("demo (fictional) person"), default=False)
    language = models.CharField(
        _("language of messages"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("For someone without an account: the language of reminders and invitations."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name


def letter_path(instance: Membership, filename: str) -> str:
    return f"governance/nominations/{timezone.now():%Y/%m}/{filename}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, today: dt.date | None = None) -> MembershipQuerySet:
        today = today or timezone.localdate()
        return self.filter(archived_at__isnull=True, start_date__lte=today, end_date__gte=today)

    def past(self, today: dt.date | None = None) -> MembershipQuerySet:
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today) | self.filter(archived_at__isnull=False)


class Membership(Archivable):
    """A seat of a person for an institution, from an official nomination letter, for at least
    two years (§19). One person holds at most one seat per institution at a time."""

    class Seat(models.TextChoices):
        MEMBER = "member", _("member")
        ALTERNATE = "alternate", _("alternate")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="memberships"
    )
    seat = models.CharField(_("seat"), max_length=10, choices=Seat.choices, default=Seat.MEMBER)
    start_date = models.DateField(_("term starts"))
    end_date = models.DateField(_("term ends"))
    letter = models.FileField(_("nomination letter"), upload_to=letter_path)
    letter_reference = models.CharField(_("letter number and date"), max_length=120, blank=True)
    renewal_of = models.OneToOneField(
        "self",
        verbose_name=_("renewal of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
    )
    history = HistoricalRecords()

    objects: Any = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["institution__name_ru", "-start_date"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.institution}"

    def is_current(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.archived_at is None and self.start_date <= today <= self.end_date


class RotationConfig(models.Model):
    """The configured rotation order and start year (G4). One row; the admin edits it."""

    order = models.JSONField(_("rotation order (institution keys)"), default=list)
    start_year = models.PositiveIntegerField(_("start year"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-chair rotation")

    def __str__(self) -> str:
        return f"{self.start_year}: {', '.join(self.order)}"


class CoChairTerm(models.Model):
    """One annual term: the leading authority and its nominated senior official (§21-23)."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    institution = models.ForeignKey(
        Institution, verbose_name=_("leading authority"), on_delete=models.PROTECT
    )
    senior_official = models.ForeignKey(
        Person,
        verbose_name=_("nominated senior official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cochair_terms",
    )
    official_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official's user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cochair_terms",
    )
    nominated_on = models.DateField(_("nominated on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        verbose_name = _("co-chair term")

    def __str__(self) -> str:
        return f"{self.year}: {self.institution}"


class Guest(Archivable):
    """A non-member person or institution that may be invited to a meeting (§20, G5)."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        INSTITUTION = "institution", _("institution")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    position_title = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo (fictional)"), default=False)
    language = models.CharField(
        _("language of messages"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of invitations and reminders sent to this guest."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def __str__(self) -> str:
        return self.name
