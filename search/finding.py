"""One search across the registers: opportunities, projects, obligations, needs, trainings,
meetings and the documents' names.

Each register is read through its list's own selector, so a person finds exactly what the
register's list would show them, and a document only while the item it belongs to is
readable. On PostgreSQL a title matches when it contains the text (the middle of a word too)
or holds a word like it (``pg_trgm``'s word similarity: another ending of a Georgian word, a
typo), each word of the text in turn; a title holding the whole text first, then the most
alike; trigram GIN indexes serve both
(``search/migrations/0002_trigram_indexes.py``). On SQLite, the ``make run`` default, a title
matches when it contains each word of the text. Each register costs one query: its first rows with the
count of all of them beside (a window count).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, Count, F, FloatField, Lookup, Q, QuerySet, Value, When, Window
from django.db.models.functions import Greatest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.roles import signed_in
from needs import selectors as needs_selectors
from projects import selectors as projects_selectors
from projects.models import ProjectDocument
from trainings import selectors as trainings_selectors
from workflow import selectors as workflow_selectors
from workflow.models import Attachment

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

    from core.roles import Person

SHORTEST = 2  # a single letter matches nearly everything
LONGEST = 100
PER_REGISTER = 10
MOST_WORDS = 6  # each word is a condition of its own

# (what matches, how well): the condition on the row and an expression to order by, best first.
Matcher = Callable[[Sequence[str], str], tuple[Q, Any]]


class _ContainsIgnoringCase(Lookup[str]):
    """``column ILIKE '%text%'``: Django's ``icontains`` compares ``UPPER(column)``, which a
    trigram index on the column itself cannot serve."""

    lookup_name = "ilike_contains"

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", (*lhs_params, *rhs_params)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _words(text: str) -> list[str]:
    return text.split()[:MOST_WORDS]


def plain_match(fields: Sequence[str], text: str) -> tuple[Q, Any]:
    """Any database: every word of the text is contained in one of the fields, case aside;
    every match ranks the same."""
    condition = Q()
    for word in _words(text):
        somewhere = Q()
        for name in fields:
            somewhere |= Q(**{f"{name}__icontains": word})
        condition &= somewhere
    return condition, Value(0.0, output_field=FloatField())


def trigram_match(fields: Sequence[str], text: str) -> tuple[Q, Any]:
    """PostgreSQL with ``pg_trgm``: every word of the text is contained in one of the fields
    or is like a word of one. Rows holding the whole text rank first, then by how alike
    their closest words are."""
    condition = Q()
    score: Any = Value(0.0, output_field=FloatField())
    for word in _words(text):
        somewhere = Q()
        for name in fields:
            somewhere |= Q(_ContainsIgnoringCase(F(name), _like_pattern(word)))
            somewhere |= Q(**{f"{name}__trigram_word_similar": word})
        condition &= somewhere
        similarities = [TrigramWordSimilarity(word, name) for name in fields]
        score = score + (Greatest(*similarities) if len(similarities) > 1 else similarities[0])
    whole = Q()
    for name in fields:
        whole |= Q(_ContainsIgnoringCase(F(name), _like_pattern(text)))
    bonus = Case(When(whole, then=Value(100.0)), default=Value(0.0), output_field=FloatField())
    return condition, score + bonus


def matcher_for(vendor: str) -> Matcher:
    return trigram_match if vendor == "postgresql" else plain_match


@dataclass(frozen=True)
class Source:
    """Rows of one kind a register's search reads: the list's selector, the fields searched,
    and the order among equally good matches."""

    rows: Callable[[], QuerySet[Any]]
    fields: tuple[str, ...]
    ordering: tuple[str, ...]


@dataclass(frozen=True)
class Register:
    key: str
    heading: str | Promise
    sources: tuple[Source, ...]
    may_read: Callable[[Person], bool] = field(default=signed_in)


@dataclass(frozen=True)
class Found:
    """One register's answer: how many rows match, and the best of them."""

    key: str
    heading: str | Promise
    count: int
    rows: list[Any]


def _attachments() -> QuerySet[Attachment]:
    # The documents on an opportunity's file (not those taken off it), of the items the
    # register shows.
    return Attachment.objects.filter(
        removed_at__isnull=True,
        opportunity__in=workflow_selectors.opportunity_register().values("pk"),
    ).select_related("opportunity")


def _project_documents() -> QuerySet[ProjectDocument]:
    # A project's documents and those handed in with an obligation's report (a commitment's
    # obligation has no project), of the projects and obligations the registers show.
    return ProjectDocument.objects.filter(
        Q(project__in=projects_selectors.project_register().values("pk"))
        | Q(
            project__isnull=True,
            submission__obligation__in=projects_selectors.obligation_register().values("pk"),
        )
    ).select_related("project", "submission__obligation__commitment__framework")


# The lists' selectors are looked up when a search runs, so a list that shows fewer rows
# makes its search find fewer too.
REGISTERS: tuple[Register, ...] = (
    Register(
        "opportunities",
        _("Opportunities"),
        (
            Source(
                lambda: workflow_selectors.opportunity_register(),
                ("title", "reference"),
                ("-created_at", "-id"),
            ),
        ),
    ),
    Register(
        "projects",
        _("Projects"),
        (
            Source(
                lambda: projects_selectors.project_register(),
                ("title_ka", "title_en"),
                ("-actual_start", "-id"),
            ),
        ),
    ),
    Register(
        "obligations",
        _("Obligations"),
        (
            Source(
                lambda: projects_selectors.obligation_register(),
                ("description",),
                ("due_date", "id"),
            ),
        ),
    ),
    Register(
        "needs",
        _("Shopping list"),
        (Source(lambda: needs_selectors.need_list(), ("title",), ("-id",)),),
    ),
    Register(
        "trainings",
        _("Trainings"),
        (Source(lambda: trainings_selectors.training_list(), ("name",), ("-start_date", "-id")),),
    ),
    Register(
        "meetings",
        _("Coordination meetings"),
        (Source(lambda: workflow_selectors.meetings(), ("title",), ("-starts_at", "-id")),),
    ),
    Register(
        "documents",
        _("Documents"),
        (
            Source(_attachments, ("original_name",), ("-uploaded_at", "-id")),
            Source(_project_documents, ("original_name",), ("-uploaded_at", "-id")),
        ),
    ),
)


def search_text(raw: str) -> str:
    """The text searched for: spaces collapsed, at most ``LONGEST`` characters; empty when too
    short to search. A NUL character is a space here: no stored text holds one (PostgreSQL
    cannot store it), and a query carrying it would fail."""
    text = " ".join(raw.replace("\x00", " ").split())[:LONGEST]
    return text if len(text) >= SHORTEST else ""


def _best(source: Source, text: str, matcher: Matcher, limit: int) -> tuple[int, list[Any]]:
    condition, rank = matcher(source.fields, text)
    rows = list(
        source.rows()
        .prefetch_related(None)  # the hits show their own columns and joined rows only
        .filter(condition)
        .annotate(rank=rank, matches=Window(Count("pk")))
        .order_by("-rank", *source.ordering)[:limit]
    )
    return (rows[0].matches if rows else 0), rows


def find(
    user: Person, raw: str, *, limit: int = PER_REGISTER, matcher: Matcher | None = None
) -> list[Found]:
    """Every register the person reads, each with how many of its rows match ``raw`` and the
    best ``limit`` of them (an empty list for text too short to search). ``matcher`` is
    chosen by the database unless given."""
    text = search_text(raw)
    if not text:
        return []
    matcher = matcher or matcher_for(connection.vendor)
    found = []
    for register in REGISTERS:
        if not register.may_read(user):
            continue
        count, rows = 0, []
        for source in register.sources:
            part_count, part_rows = _best(source, text, matcher, limit)
            count += part_count
            rows.extend(part_rows)
        rows.sort(key=lambda row: -row.rank)  # stable: each source's own order among equals
        found.append(Found(register.key, register.heading, count, rows[:limit]))
    return found
