from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from backups.archive import backup_write


class Command(BaseCommand):
    help = "Write the whole database and the uploaded files to one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default: var/backups/donorflow-<date-time>.tar.gz).",
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        target = output or Path(settings.VAR_DIR) / "backups" / (
            f"donorflow-{timezone.localtime():%Y-%m-%d-%H%M%S}.tar.gz"
        )
        summary = backup_write(target, report=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {target} ({summary.rows} rows, {summary.files} files)."
            )
        )
