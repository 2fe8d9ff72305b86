from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tailsafe.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one checked archive."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "output",
            nargs="?",
            default=None,
            help="file or folder (default var/backups/); made owner-only (0700), archive 0600",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"]
        try:
            path = create_backup(Path(output) if output else None)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
