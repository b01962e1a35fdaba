"""Run every reminder, escalation and digest sweep once, as beat does every 15 minutes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reminders.tasks import run_all


class Command(BaseCommand):
    help = "Run the reminder, escalation and digest sweeps once and say what each sent."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, count in run_all().items():
            self.stdout.write(f"{name}: {count}")
