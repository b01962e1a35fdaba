"""Import a register file from the command line: a dry run unless ``--apply`` is given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import DomainError
from core.models import User
from imports.registers import REGISTERS
from imports.services import import_apply, import_check


class Command(BaseCommand):
    help = "Check (and with --apply, import) a projects, obligations, needs or trainings file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("register", choices=sorted(REGISTERS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the IRD coordinator")
        parser.add_argument("--apply", action="store_true", help="import after the dry run")
        parser.add_argument(
            "--valid-rows-only",
            action="store_true",
            help="import the valid rows of a file with errors",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            user = User.objects.get(username=options["user"])
            content = path.read_bytes()
        except (User.DoesNotExist, OSError) as exc:
            raise CommandError(str(exc)) from exc

        def progress(done: int, total: int) -> None:
            if done % 100 == 0 or done == total:
                self.stderr.write(f"{done}/{total}")

        try:
            batch = import_check(
                user=user,
                register=options["register"],
                file_name=path.name,
                content=content,
                progress=progress,
            )
            if options["apply"]:
                batch = import_apply(
                    batch=batch,
                    user=user,
                    valid_rows_only=options["valid_rows_only"],
                    progress=progress,
                )
        except DomainError as refusal:
            raise CommandError(" ".join(refusal.messages)) from refusal
        report = batch.report
        # Before the rows: a column not recognised is left out of every one of them.
        for column in report.get("unknown_columns", []):
            line = f"column not recognised, left out: {column['header']!r}"
            if column["nearest"]:
                line += f" (nearest known column: {column['nearest']!r})"
            self.stdout.write(self.style.WARNING(line))
        if report.get("header_line", 1) > 1:
            self.stdout.write(f"column headers on row {report['header_line']}")
        for row in report["rows"]:
            line = f"{row['line']}\t{row['outcome']}\t{row['label']}"
            if row["messages"]:
                line += "\t" + " ".join(row["messages"])
            self.stdout.write(line)
        counts = ", ".join(f"{name}: {count}" for name, count in sorted(report["counts"].items()))
        verdict = "imported" if report["written"] else "dry run, nothing written"
        self.stdout.write(f"{counts} ({verdict}; batch {batch.pk})")
