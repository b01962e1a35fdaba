from typing import Any

from django.core.management.base import BaseCommand

from workflow.lifecycle import state_diagram_mermaid


class Command(BaseCommand):
    help = "Print the opportunity lifecycle as a Mermaid state diagram, generated from the model."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(state_diagram_mermaid())
