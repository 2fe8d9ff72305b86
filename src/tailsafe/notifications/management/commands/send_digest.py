"""Send the daily notification digest (run once a day, e.g. from cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tailsafe.notifications.services import send_digests


class Command(BaseCommand):
    help = "E-mail each user the notifications waiting for their daily digest."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests()
        self.stdout.write(f"{sent} digest(s) sent")
