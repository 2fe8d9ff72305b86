"""Background e-mail of notifications (django.tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task


@task()
def email_notification(notification_id: int) -> bool:
    from tailsafe.notifications.services import send_one

    return send_one(notification_id)
