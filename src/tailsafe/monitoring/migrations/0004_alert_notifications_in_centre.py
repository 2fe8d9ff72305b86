# Alert notifications move to the notification centre (notifications.Notification, kind
# "alert"): the in-app copies recorded so far are carried over, then the duplicate model goes.

from typing import Any

from django.db import migrations


def carry_over(apps: Any, schema_editor: Any) -> None:
    AlertNotification = apps.get_model("monitoring", "AlertNotification")
    Notification = apps.get_model("notifications", "Notification")
    rows = AlertNotification.objects.select_related(
        "event__series__point", "event__series__parameter"
    )
    batch = []
    for row in rows.iterator():
        event = row.event
        series = event.series
        batch.append(
            Notification(
                user_id=row.user_id,
                kind="alert",
                title=f"[TailSafe] {event.to_level}: {series.point.code} · {series.parameter.code}",
                link="/monitoring/alerts/",
                created=row.created_at,
                read_at=row.read_at,
                emailed_at=row.created_at if row.emailed else None,
                key=f"alert:{event.pk}",
            )
        )
    Notification.objects.bulk_create(batch, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_published"),
        ("notifications", "0002_event_key_and_attachments"),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="alertnotification",
            name="mon_notification_unique",
        ),
        migrations.DeleteModel(
            name="AlertNotification",
        ),
    ]
