"""What every benchmark shares: a Django set up on PostgreSQL, fast bulk loading by COPY,
timing and query counting, and one way of printing figures."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("LOG_LEVEL", "ERROR")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models  # noqa: E402

from config.celery import app as celery_app  # noqa: E402

# Pages render without a collectstatic run; queued tasks go to an in-memory broker, and mail
# stays in memory unless a benchmark points it at its SMTP server.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
celery_app.conf.broker_url = "memory://"

# 1.0 is the size the goals speak of; BENCH_SCALE=0.1 gives a quick run.
SCALE = float(os.environ.get("BENCH_SCALE", "1"))


def scaled(count: int) -> int:
    return max(1, int(count * SCALE))


def require_postgres() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmarks run on PostgreSQL: use `make bench`.")


def template_row(instance: models.Model) -> dict[str, Any]:
    """The saved row of ``instance`` as column → value, without its id: a pattern to copy."""
    row = (
        type(instance)
        .objects.filter(pk=instance.pk)
        .values(*[f.attname for f in instance._meta.concrete_fields])[0]
    )
    row.pop("id")
    return dict(row)


def copy_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """Insert rows by PostgreSQL COPY, tens of times faster than INSERTs for large data."""
    table = model._meta.db_table
    fields = {f.attname: f for f in model._meta.concrete_fields}
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    columns = list(first)
    count = 0
    sql = f"COPY {table} ({', '.join(fields[c].column for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:  # type: ignore[attr-defined]
        for row in _chain(first, iterator):
            copy.write_row([_adapt(fields[c], row[c]) for c in columns])
            count += 1
    return count


def _chain(first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield first
    yield from rest


def _adapt(field: models.Field, value: Any) -> Any:
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    return value


def reset_sequence(model: type[models.Model]) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(_no_style(), [model]):
            cursor.execute(sql)


def _no_style() -> Any:
    return no_style()


def analyze() -> None:
    """Statistics and visibility map as autovacuum keeps them on a table in service."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def timed(action: Callable[[], Any], repeat: int) -> list[float]:
    """Milliseconds of each of ``repeat`` runs, after one warm-up run."""
    action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class QueryCounter:
    """Counts the statements sent to the database (Django's own log keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def counting_queries() -> Iterator[QueryCounter]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def queries_of(action: Callable[[], Any]) -> int:
    with counting_queries() as counter:
        action()
    return counter.count


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    result: dict[str, float] = {}
    start = time.perf_counter()
    yield result
    result["seconds"] = time.perf_counter() - start


def heading(title: str) -> None:
    print(f"\n## {title}\n", flush=True)


def table(headers: list[str], rows: list[list[Any]]) -> None:
    def cell(value: Any) -> str:
        return f"{value:.1f}" if isinstance(value, float) else str(value)

    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(cell(v) for v in row) + " |")
    print(flush=True)


def machine() -> str:
    cpus = os.cpu_count()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return (
        f"{platform.node()}: {cpus} CPU, Python {platform.python_version()}, "
        f"PostgreSQL {server}, Django {django.get_version()}, DEBUG={settings.DEBUG}"
    )
