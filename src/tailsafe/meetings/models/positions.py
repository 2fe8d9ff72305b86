"""Proposals put to the group and each member's position on them (M5, consensus)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.meetings.models.minutes import MinutesItem


class Proposal(models.Model):
    """A proposed decision or recommendation on a minutes item, decided by consensus (§28)."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("decision")
        RECOMMENDATION = "recommendation", _("recommendation")

    item = models.ForeignKey(MinutesItem, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DECISION)
    text = models.TextField(_("text of the proposal"))
    created_at = models.DateTimeField(default=timezone.now)
    # The consensus outcome, recomputed whenever a position or the attendance changes (§28).
    adopted = models.BooleanField(_("adopted by consensus"), default=False)
    put_without_objection = models.BooleanField(
        _("the chair put the question and no one objected"), default=False
    )
    put_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consensus_lost_at = models.DateTimeField(
        _("adoption no longer holds since"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "created_at", "id"]
        verbose_name = _("proposal")

    def __str__(self) -> str:
        return self.text[:80]


class Position(models.Model):
    """An institution's position on a proposal (§28, M5): support, stand aside or object; a
    reason is required to stand aside or object. Every change is kept in the history."""

    class Value(models.TextChoices):
        SUPPORT = "support", _("supports")
        STAND_ASIDE = "stand_aside", _("stands aside")
        OBJECT = "object", _("objects")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="positions")
    institution = models.ForeignKey(
        "governance.Institution", on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("position"), max_length=12, choices=Value.choices)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "institution__name_ru"]
        verbose_name = _("position")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "institution"], name="position_one_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.position}"
