from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from tailsafe.core.backup import create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one checked archive."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("output", nargs="?", default=".", help="file or folder")

    def handle(self, *args: Any, **options: Any) -> None:
        path = create_backup(Path(options["output"]))
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
