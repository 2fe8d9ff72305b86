"""Telling the neighbours (T5, T7): who must be told across the border, the notifications the
UNECE Industrial Accidents Convention asks for (Annex IX), drills, and the CAP messages issued
for each alert (one identifier per message, never reused)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.core.stored_text import render
from tailsafe.facilities.choices import BASIN_CHOICES

LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]


class ReceivingBody(models.Model):
    """An institution across the border (or a regional body) that must be told. Seeded from
    ``data/transboundary_contacts.csv`` (institution, country, role, public web address: no
    personal data); the secretariat adds the channel (e-mail, language)."""

    country = models.CharField(_("country"), max_length=200)
    name = models.CharField(_("institution"), max_length=400)
    role = models.TextField(_("role"), blank=True)
    source_url = models.CharField(_("source"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    email = models.EmailField(_("e-mail of the channel"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="ru")
    seeded = models.BooleanField(_("from the reference list"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("receiving body")
        verbose_name_plural = _("receiving bodies")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="tb_body_country_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class RoutingRule(models.Model):
    """Which body is told about a facility: every filled criterion must match (basin, river,
    downstream country); an empty criterion matches anything."""

    body = models.ForeignKey(
        ReceivingBody, on_delete=models.CASCADE, related_name="rules", verbose_name=_("body")
    )
    basin = models.CharField(_("river basin"), max_length=12, choices=BASIN_CHOICES, blank=True)
    river = models.CharField(_("river"), max_length=200, blank=True)
    downstream_country = models.CharField(_("downstream country"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "id"]
        verbose_name = _("routing rule")

    def __str__(self) -> str:
        return f"{self.body}: {self.basin}/{self.river}/{self.downstream_country}"


class EmergencyContact(models.Model):
    """Whom to call about a facility in an emergency, by role, in call order."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.CASCADE, related_name="emergency_contacts"
    )
    role = models.CharField(_("role"), max_length=200)
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    call_order = models.PositiveSmallIntegerField(_("call order"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["facility", "call_order", "id"]
        verbose_name = _("emergency contact")

    def __str__(self) -> str:
        return f"{self.call_order}. {self.role} {self.name}"


class Drill(models.Model):
    """A joint exercise (Annex IX §4): an EXERCISE alert that runs the whole chain."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    event = models.OneToOneField(
        "monitoring.AlertEvent", on_delete=models.CASCADE, related_name="drill"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("drill")

    def __str__(self) -> str:
        return f"EXERCISE {self.facility} {self.started_at:%Y-%m-%d %H:%M}"


class Notice(models.Model):
    """A notification to the neighbours (UNECE IA Convention Art. 10, Annex IX; Art. 12).

    ``content`` holds each Annex IX element as a stored text (message key + parameters,
    core.stored_text), so it is shown in Russian, English or Tajik from the same record."""

    class Kind(models.TextChoices):
        EARLY_WARNING = "early_warning", _("early warning")
        INFORMATION = "information", _("information (follow-up)")
        ASSISTANCE = "assistance", _("request for assistance")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("awaiting the co-chair")
        SENT = "sent", _("sent")

    event = models.ForeignKey(
        "monitoring.AlertEvent", on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    first = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followups",
        verbose_name=_("follows"),
    )
    exercise = models.BooleanField(_("exercise"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    content = models.JSONField(_("content (message keys)"), default=dict)
    bodies = models.ManyToManyField(ReceivingBody, related_name="notices", blank=True)
    letter = models.OneToOneField(
        "correspondence.Letter",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transboundary_notice",
    )
    created_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("transboundary notification")

    def __str__(self) -> str:
        return f"{'EXERCISE ' if self.exercise else ''}{self.get_kind_display()} #{self.pk}"

    @property
    def can_be_submitted(self) -> bool:
        """Asked by submit_notice (which refuses otherwise) and by the notice page (which shows
        the button): the rule in one place."""
        return self.status == self.Status.DRAFT

    def rendered(self, language: str) -> list[tuple[str, str]]:
        """(label, text) of every element in ``language``."""
        from tailsafe.transboundary.annex import ELEMENTS, show

        return [
            (render(label, language), show(self.content.get(key), language))
            for key, label in ELEMENTS
        ]


class Delivery(models.Model):
    """One sending of a notice to one receiving body: the delivery log."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    body = models.ForeignKey(ReceivingBody, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=2)
    at = models.DateTimeField(_("at"), default=timezone.now)
    ok = models.BooleanField(_("delivered"), default=False)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("delivery log")

    def __str__(self) -> str:
        return f"{self.notice_id} -> {self.body_id} {'ok' if self.ok else 'not delivered'}"


class CapMessage(models.Model):
    """One CAP 1.2 message as issued: its identifier is never reused, ``sent`` is when it was
    issued, and the document is kept as issued. A change of the alert (published, withdrawn,
    resolved, escalated) is a new message that references the earlier ones."""

    event = models.ForeignKey(
        "monitoring.AlertEvent", on_delete=models.CASCADE, related_name="cap_messages"
    )
    identifier = models.CharField(max_length=120, unique=True)
    sent = models.DateTimeField()
    msg_type = models.CharField(max_length=8)
    status = models.CharField(max_length=10)
    scope = models.CharField(max_length=10)
    state = models.CharField(max_length=200)
    xml = models.BinaryField()

    class Meta:
        ordering = ["event", "sent", "id"]
        verbose_name = _("CAP message")

    def __str__(self) -> str:
        return self.identifier
