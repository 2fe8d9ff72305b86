"""Meetings (M1), agenda (M2), invitations and attendance (M3), minutes in versions (M4) and
consensus proposals with each institution's position (M5). Terms of reference §20, §24-25, §28."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.meetings import lifecycle


class Meeting(models.Model):
    """A meeting of the group (§24-25): hosted by the leading co-chair by default."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONVENED = "convened", _("convened")
        HELD = "held", _("held")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")

    class AgendaStatus(models.TextChoices):
        DRAFT = "draft", _("draft")
        CIRCULATED = "circulated", _("circulated")
        FINAL = "final", _("final")

    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    host = models.ForeignKey(
        "governance.Institution",
        verbose_name=_("hosting authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    agenda_status = models.CharField(
        _("agenda status"), max_length=12, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT
    )
    summary_published = models.BooleanField(_("summary published"), default=False)
    status_reason = models.TextField(_("reason for postponing or cancelling"), blank=True)
    ics_sequence = models.PositiveIntegerField(
        _("calendar sequence"),
        default=0,
        editable=False,
        help_text=_("RFC 5545 SEQUENCE: raised with every change sent to the invitees."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-number"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"№{self.number}: {self.title}"

    @property
    def year(self) -> int:
        return timezone.localtime(self.starts_at).year

    @property
    def end(self) -> dt.datetime:
        if self.ends_at:
            return self.ends_at
        minutes = sum(item.duration_min for item in self.agenda_items.all()) or 180
        return self.starts_at + dt.timedelta(minutes=minutes)

    @property
    def is_closed(self) -> bool:
        """Held with approved minutes, or cancelled: nothing about it changes any more."""
        return self.status in (self.Status.MINUTES_APPROVED, self.Status.CANCELLED)

    @property
    def takes_attendance(self) -> bool:
        """Asked by record_attendance (which refuses otherwise) and by the attendance tab (which
        shows the form): the list may change until the minutes are approved."""
        return self.status != self.Status.MINUTES_APPROVED

    def next_steps(self, now: dt.datetime | None = None) -> list[tuple[str, str]]:
        """The status changes allowed now, as (status, button label) (M1); templates ask this
        instead of repeating the rule. See meetings/lifecycle.py."""
        return [
            (step, str(STEP_LABELS[step]))
            for step in lifecycle.allowed_steps(self.status, self.starts_at, now or timezone.now())
        ]

    def current_minutes(self) -> Minutes | None:
        return self.minutes_versions.order_by("-version").first()


STEP_LABELS = {
    lifecycle.PLANNED: _("Back to planned"),
    lifecycle.CONVENED: _("Mark convened"),
    lifecycle.HELD: _("Mark held"),
    lifecycle.POSTPONED: _("Postpone"),
    lifecycle.CANCELLED: _("Cancel the meeting"),
}


class AgendaItem(models.Model):
    """An item of the agenda (M2): ordered, with presenter, duration, documents, a facility
    reference (a plain reference until facilities are linked) and action items to review."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration_min = models.PositiveIntegerField(_("duration (minutes)"), default=15)
    facility_reference = models.CharField(_("facilities concerned"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def document_path(instance: AgendaDocument, filename: str) -> str:
    return f"meetings/{instance.agenda_item.meeting_id}/documents/{filename}"


class AgendaDocument(models.Model):
    """A document attached to an agenda item (checked by core.uploads)."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("agenda document")

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """An invitation of a member or a guest (§20, M3). The reply link carries a random token;
    only its SHA-256 is stored, and a reply uses it up."""

    class Reply(models.TextChoices):
        YES = "yes", _("will attend")
        NO = "no", _("will not attend")
        DELEGATE = "delegate", _("sends a delegate")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "governance.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    guest = models.ForeignKey(
        "governance.Guest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "governance.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    reply = models.CharField(_("reply"), max_length=10, choices=Reply.choices, blank=True)
    delegate_name = models.CharField(_("delegate"), max_length=200, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "guest", "name"]
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def is_guest(self) -> bool:
        return self.guest_id is not None


class Attendance(models.Model):
    """Who was at the meeting (M3): the list of participants comes from here, guests marked."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "governance.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    guest = models.ForeignKey(
        "governance.Guest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    institution = models.ForeignKey(
        "governance.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    is_guest = models.BooleanField(_("guest"), default=False)
    present = models.BooleanField(_("present"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["is_guest", "name"]
        verbose_name = _("attendance")

    def __str__(self) -> str:
        return self.name


class Minutes(models.Model):
    """One version of a meeting's minutes (M4): draft -> circulated -> approved (frozen).
    A correction after approval is a new version pointing to the previous one. `revision`
    increases with every save so that a stale editor cannot overwrite a newer text."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CIRCULATED = "circulated", _("circulated for comments")
        APPROVED = "approved", _("approved")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes_versions")
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    revision = models.PositiveIntegerField(default=0, editable=False)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "-version"]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_one_version")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.APPROVED

    # The next steps, asked by the services (which refuse otherwise) and by the templates (which
    # show the button): the rule in one place.
    @property
    def can_be_circulated(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def can_be_approved(self) -> bool:
        return self.status == self.Status.CIRCULATED

    @property
    def takes_comments(self) -> bool:
        return self.status == self.Status.CIRCULATED

    def as_text(self) -> str:
        """The minutes as plain text: what a correction's diff compares."""
        lines: list[str] = []
        for item in self.items.all():
            lines.append(f"{item.order}. {item.title}")
            for label, text in (
                (_("Summary"), item.summary),
                (_("Decisions"), item.decisions),
                (_("Recommendations"), item.recommendations),
            ):
                if text.strip():
                    lines.append(f"  {label}:")
                    lines.extend(f"    {line}" for line in text.strip().splitlines())
            for proposal in item.proposals.all():
                lines.append(f"  [{proposal.get_kind_display()}] {proposal.text}")
            lines.append("")
        return "\n".join(lines)


class MinutesItem(models.Model):
    """The minutes of one agenda item: summary, decisions, recommendations (M4)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="minutes_items"
    )
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "order", "id"]
        verbose_name = _("minutes item")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class MinutesComment(models.Model):
    """A participant's comment on circulated minutes, on the whole or on one item (M4)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(
        MinutesItem, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment on minutes")

    def __str__(self) -> str:
        return self.text[:60]


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
