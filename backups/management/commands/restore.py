from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.archive import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the whole database and the uploaded files with a backup archive's."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the current data."
        )

    def handle(self, *args: Any, archive: Path, yes: bool, **options: Any) -> None:
        if not yes:
            answer = input("Every row and uploaded file now here will be replaced. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was changed.")
        try:
            summary = backup_restore(archive, report=self.stdout.write)
        except BackupError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored {summary.rows} rows and {summary.files} files.")
        )
