"""Write the public projects as an IATI 2.03 activities file, checked against the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iati import export


class Command(BaseCommand):
    help = "Write the public projects as an IATI 2.03 iati-activities XML file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        result = export.published()
        if not result.written:
            raise CommandError("No public project can be published: nothing was written.")
        errors = export.validation_errors(result.xml)
        if errors:
            raise CommandError(
                "The file does not validate against IATI 2.03:\n" + "\n".join(errors)
            )
        target = Path(options["output"])
        try:
            target.write_bytes(result.xml)
        except OSError as exc:
            raise CommandError(f"Cannot write {target}: {exc}") from exc
        self.stdout.write(f"Wrote {len(result.written)} activities to {target}.")
        for project, reason in result.skipped:
            self.stdout.write(f"Left out project {project.pk} ({project.title_ka}): {reason}.")
