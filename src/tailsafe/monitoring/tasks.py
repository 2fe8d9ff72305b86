"""Background work of the monitoring area (django.tasks; the DB worker runs it, tests run it
at once with the ImmediateBackend)."""

from django.tasks import task


@task()
def run_import_task(batch_id: int) -> None:
    """Import one stored lab file (progress is kept on the batch)."""
    from tailsafe.monitoring.services import fail_stale_imports, run_import

    fail_stale_imports()  # the worker that left a batch "checking" died; say so on its page
    run_import(batch_id)


@task()
def notify_events_task(event_ids: list[int]) -> int:
    """Notify the level changes of one import or hand entry (one task per import)."""
    from tailsafe.monitoring.services import notify_events

    return notify_events(event_ids)
