"""Send the immediate notification e-mails whose background task was lost; run every few
minutes from cron or a systemd timer (docs/reminders.md)."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from tailsafe.notifications.services import send_pending


class Command(BaseCommand):
    help = (
        "E-mail the notifications still unsent some minutes after they were recorded (a worker "
        "killed mid-task, the mail server down). Each is sent once, also beside a running worker."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--minutes",
            type=int,
            default=10,
            help="only notifications older than this (default 10): younger ones are the worker's",
        )
        parser.add_argument(
            "--max-hours",
            type=int,
            default=48,
            help="skip notifications older than this (default 48): too late for an e-mail",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_pending(
            dt.timedelta(minutes=options["minutes"]), dt.timedelta(hours=options["max_hours"])
        )
        self.stdout.write(f"{sent} pending notification e-mail(s) sent")
