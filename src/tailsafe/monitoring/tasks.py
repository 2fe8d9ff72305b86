"""Background work of the monitoring area (django.tasks; the DB worker runs it, tests run it
at once with the ImmediateBackend)."""

from django.tasks import task


@task()
def run_import_task(batch_id: int) -> None:
    """Import one stored lab file (progress is kept on the batch)."""
    from tailsafe.monitoring.services import run_import

    run_import(batch_id)


@task()
def notify_event_task(event_id: int) -> None:
    """E-mail and in-app notification of one TARP level change."""
    from tailsafe.monitoring.services import notify_event

    notify_event(event_id)
