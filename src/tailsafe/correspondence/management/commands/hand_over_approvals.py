"""Move items waiting for approval to the leading co-chair of today; schedule daily
(docs/reminders.md): on 1 January a letter submitted in December passes to the new co-chair."""

from typing import Any

from django.core.management.base import BaseCommand

from tailsafe.correspondence.handover import hand_over_approvals


class Command(BaseCommand):
    help = "Pass letters and minutes waiting for approval to the leading co-chair of today."

    def handle(self, *args: Any, **options: Any) -> None:
        result = hand_over_approvals()
        self.stdout.write(f"letters moved: {result['letters']}; minutes: {result['minutes']}")
