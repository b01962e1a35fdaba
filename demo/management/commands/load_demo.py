from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from demo.loader import load_demo

DEFAULT_PASSWORD = "donorflow-demo"


class Command(BaseCommand):
    help = "Load Georgian demo data (units, donors, one account per role, ~40 opportunities)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password for every demo account (default: {DEFAULT_PASSWORD}).",
        )

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        load_demo(password=password, report=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
