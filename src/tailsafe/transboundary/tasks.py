"""Background work of the transboundary area (django.tasks; the DB worker runs it, tests run it
at once with the ImmediateBackend)."""

from django.tasks import task


@task()
def warn_on_alerts_task(event_ids: list[int]) -> int:
    """Issue the first CAP message of each warning an import or hand entry opened and draft
    the early warnings due (one task per import: hundreds of opened alerts would otherwise
    hold the uploader's request for seconds). Returns the number of warnings handled."""
    from tailsafe.transboundary.services import warn_on_alerts

    return warn_on_alerts(event_ids)
