"""Mark failed the laboratory imports still "checking" after settings.IMPORT_MAX_MINUTES (run it
from cron next to send_pending_notifications; the import pages and the worker also run it)."""

from typing import Any

from django.core.management.base import BaseCommand

from tailsafe.monitoring.services import fail_stale_imports


class Command(BaseCommand):
    help = "Mark failed the imports whose check ran longer than IMPORT_MAX_MINUTES."

    def handle(self, *args: Any, **options: Any) -> None:
        count = fail_stale_imports()
        self.stdout.write(f"{count} stale import(s) marked failed")
