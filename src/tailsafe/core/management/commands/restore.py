from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tailsafe.core.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Restore the database and uploaded files from a backup archive (replaces both)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        try:
            manifest = read_manifest(archive)
        except (OSError, BackupError, KeyError) as exc:
            raise CommandError(f"Not a TailSafe backup: {exc}") from exc
        if not options["yes"]:
            answer = input(f"Replace ALL data with the backup of {manifest['created']}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Cancelled; nothing changed.")
        try:
            restore_backup(archive)
        except BackupError as exc:
            raise CommandError(f"{exc}; nothing changed.") from exc
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created']}."))
