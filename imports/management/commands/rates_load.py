"""Keep the exchange rates of a file (as the department's upload page reads it): for a
server whose network does not reach the National Bank's service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import DomainError
from imports.rates import read_rates
from imports.services import refuse_oversized
from rates.models import ExchangeRate
from rates.services import rates_record


class Command(BaseCommand):
    help = "Keep the exchange rates of a CSV, XLSX, XLS, ODS or the bank's JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        try:
            refuse_oversized(content)
            rows = read_rates(path.name, content)
            if not rows:
                raise CommandError(f"{path}: no rates in the file")
            recorded = rates_record(rows=rows, source=ExchangeRate.Source.UPLOAD)
        except DomainError as refusal:
            raise CommandError("\n".join(refusal.messages)) from refusal
        self.stdout.write(
            f"{recorded.created} new, {recorded.updated} corrected, {recorded.unchanged} unchanged"
        )
