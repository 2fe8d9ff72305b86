"""Users (with role and institution), and the archive rule shared by every record (P2, P3)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.core.roles import Role

ROLE_CHOICES = [
    (Role.SECRETARIAT.value, _("Secretariat")),
    (Role.CO_CHAIR.value, _("Co-chair")),
    (Role.MEMBER.value, _("Member")),
    (Role.OPERATOR.value, _("Operator")),
    (Role.INSPECTOR.value, _("Inspector")),
    (Role.GUEST.value, _("Guest")),
    (Role.ADMIN.value, _("Administrator")),
]


class ActiveManager(models.Manager[Any]):
    """Records that have not been archived."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(archived_at__isnull=True)


class Archivable(models.Model):
    """Nothing is deleted for good by a user: deletion is archiving (P3)."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    objects: models.Manager[Any] = models.Manager()
    active: ActiveManager = ActiveManager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def mark_archived(self) -> None:
        self.archived_at = timezone.now()


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES, default=Role.GUEST)
    institution = models.ForeignKey(
        "governance.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    is_demo = models.BooleanField(_("demo account"), default=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        return str(dict(ROLE_CHOICES).get(self.role, self.role))

    @property
    def is_reachable(self) -> bool:
        """An account that can still be told something: active and not archived."""
        return self.is_active and self.archived_at is None


def active_users() -> models.QuerySet[User]:
    """The accounts that can be told something (User.is_reachable), as a query."""
    return User.objects.filter(is_active=True, archived_at__isnull=True)


class Heartbeat(models.Model):
    """The row /healthz writes (and rolls back) to prove the database accepts writes: a
    database that answers SELECT but is read-only fails every save (issue 14)."""

    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("heartbeat")

    def __str__(self) -> str:
        return self.at.isoformat()


class SubmissionToken(models.Model):
    """The one-time token of a create form (core.once): the first submit claims it and
    records the URL of what it made; a repeated submit is shown that record (issue 14)."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("form submission")

    def __str__(self) -> str:
        return self.key


class CacheVersion(models.Model):
    """The version of one cached aggregate (core.versioned): every write that changes what the
    aggregate shows adds one, in its own transaction, so every process (gunicorn worker) reads
    the new version from the database and never serves the old value (issue 20)."""

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("cache version")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"
