"""Enqueue the action item reminders; schedule daily (docs/reminders.md)."""

from typing import Any

from django.core.management.base import BaseCommand

from tailsafe.followup.tasks import send_action_item_reminders


class Command(BaseCommand):
    help = "Enqueue the action item reminder task (7 days before and the day after due dates)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_action_item_reminders.enqueue()
        self.stdout.write(f"enqueued {result.id} ({result.status})")
