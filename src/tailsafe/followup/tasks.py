"""Background tasks of the follow-up area (run by `manage.py db_worker`, see docs/reminders.md)."""

from __future__ import annotations

from django.tasks import task

from tailsafe.followup import services


@task
def send_action_item_reminders() -> dict[str, int]:
    """Send the due reminders of action items (7 days before, the day after; §22)."""
    return services.send_reminders()
