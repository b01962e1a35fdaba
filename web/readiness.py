"""What must be built before the app may serve, and a refusal that says what to run.

With DEBUG off, pages name their static files through collectstatic's manifest: without it
every page answers 500. Without a compiled catalogue the app silently speaks English. Both
are build steps a fresh checkout has not run yet, so the server refuses to start instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

SOURCE_LANGUAGE = "en"  # the code's own strings; it needs no catalogue


def _uses_manifest() -> bool:
    backend = str(settings.STORAGES["staticfiles"]["BACKEND"])
    return "Manifest" in backend


def serving_problems() -> list[str]:
    """Each missing build step, said as what to run."""
    problems: list[str] = []
    if _uses_manifest() and not (Path(settings.STATIC_ROOT) / "staticfiles.json").is_file():
        problems.append(
            f"static files are not collected in {settings.STATIC_ROOT}: "
            "run `python manage.py collectstatic --no-input` (or start with DEBUG=true)"
        )
    for code, _name in settings.LANGUAGES:
        if code == SOURCE_LANGUAGE:
            continue
        for folder in settings.LOCALE_PATHS:
            source = Path(folder) / code / "LC_MESSAGES" / "django.po"
            compiled = source.with_suffix(".mo")
            if not source.is_file():
                continue
            if not compiled.is_file() or compiled.stat().st_mtime < source.stat().st_mtime:
                problems.append(
                    f"the {code} catalogue {compiled} is missing or older than its .po: "
                    "run `python manage.py compilemessages --ignore .venv`"
                )
    return problems


def refuse_to_serve_unready() -> None:
    problems = serving_problems()
    if problems:
        raise ImproperlyConfigured(
            "Donorflow cannot serve yet:\n" + "\n".join(f"  - {p}" for p in problems)
        )


@checks.register(deploy=True)
def check_ready_to_serve(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``manage.py check --deploy`` says the same as the refusing server."""
    return [checks.Error(problem, id="donorflow.E001") for problem in serving_problems()]
