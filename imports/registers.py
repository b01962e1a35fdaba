"""What each importable register's file looks like, and how one row is written through the
register's own service. A row is found again by its natural key, so importing the same file
twice updates (or leaves unchanged) what the first import created."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.codelists import (
    ACTIVITY_STATUS_LABELS,
    ActivityStatus,
    activity_status_choices,
    currency_choices,
    sector_choices,
)
from core.errors import ActionBlocked
from core.models import User
from core.periodicity import Periodicity
from imports import cells
from imports.headers import match_header, nearest_header
from imports.readers import cell_text
from needs.models import Need
from needs.services import need_create, need_update
from projects.models import Area, Obligation, Project, ProjectParticipant
from projects.selectors import budget_totals
from projects.services.obligations import obligation_create, obligation_update
from projects.services.projects import project_create, project_update
from trainings.models import Training
from trainings.services import training_create, training_update
from workflow.models import Opportunity

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
REASON_KEY = "reason"
REASON_LABEL = gettext_lazy("reason for refusal")


def reason_names() -> list[str]:
    """The headers of the column a refused-rows file adds, in either language."""
    names = []
    for language in ("ka", "en"):
        with translation.override(language):
            names.append(str(REASON_LABEL))
    return names


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    parse: Callable[[str], Any]
    required: bool = False
    # Other headers clerks give the column, in either language ("IATI ID", "მიმდინარე სტატუსი").
    aliases: tuple[str, ...] = ()
    # What the blank file's example row shows in the column.
    example: Any = ""

    def names(self) -> list[str]:
        """The headers this column is recognised by: its key, its label in either language,
        and its aliases."""
        found = [self.key]
        for language in ("ka", "en"):
            with translation.override(language):
                found.append(str(self.label))
        return found + list(self.aliases)

    def header(self) -> str:
        return str(self.label)


class RowRefused(ValueError):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


class Register:
    name: str
    label: Promise
    columns: tuple[Column, ...]

    def column_for(self, headers: list[str]) -> tuple[dict[str, Column], list[str]]:
        """header → column for the headers recognised, and the headers that are not. A second
        header for a column already found is not recognised: its cells would overwrite the
        first's. The reason column of a refused-rows file is left out quietly."""
        names = {column.key: column.names() for column in self.columns}
        names[REASON_KEY] = reason_names()
        by_key = {column.key: column for column in self.columns}
        known: dict[str, Column] = {}
        unknown = []
        for header in headers:
            key = match_header(header, names)
            if key == REASON_KEY:
                continue
            if key is None or any(column.key == key for column in known.values()):
                unknown.append(header)
            else:
                known[header] = by_key[key]
        return known, unknown

    def header_score(self, cells: list[str]) -> int:
        """How many of a line's cells are this register's headers: the header row is the line
        that scores highest."""
        return len(self.column_for(cells)[0])

    def nearest(self, header: str) -> str:
        """The header of the column most like ``header``, to suggest when it fits none."""
        return nearest_header(header, {column.header(): column.names() for column in self.columns})

    def is_example(self, cells_by_header: dict[str, str], known: dict[str, Column]) -> bool:
        """The blank file's example row, left in the file unchanged (the file may have been
        downloaded in the other language)."""
        if not any(column.example != "" for column in known.values()):
            return False
        for language in ("ka", "en"):
            with translation.override(language):
                if all(
                    cells_by_header.get(header, "") == cell_text(column.example)
                    for header, column in known.items()
                ):
                    return True
        return False

    def missing(self, known: dict[str, Column]) -> list[str]:
        present = {column.key for column in known.values()}
        return [c.header() for c in self.columns if c.required and c.key not in present]

    def parse(self, cells_by_header: dict[str, str], known: dict[str, Column]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        problems = []
        for header, column in known.items():
            # The reader has trimmed the text; stripping again would lose what a cell holding a
            # spreadsheet number is marked with.
            raw = cells_by_header.get(header, "")
            if not raw.strip():
                if column.required:
                    problems.append(f"{column.header()}: {_('this cell must be filled.')}")
                continue
            try:
                values[column.key] = column.parse(raw)
            except cells.CellError as exc:
                problems.append(f"{column.header()}: {exc}")
        if problems:
            raise RowRefused(problems)
        return values

    def describe(self, cells_by_header: dict[str, str], known: dict[str, Column]) -> str:
        """What the row is about, for the report: the first recognised column's text."""
        for header, column in known.items():
            if column.key == self.columns[0].key:
                return cells_by_header.get(header, "")
        return ""

    def save(self, values: dict[str, Any], user: User) -> str:
        raise NotImplementedError


def _edited(record: Any, write: Callable[[], Any]) -> str:
    """Run an update and say whether it changed anything (an edit record was kept)."""
    before = record.edits.count()
    write()
    return UPDATED if record.edits.count() > before else UNCHANGED


def _pick(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: values[key] for key in keys if key in values}


def _project_by_identifier_or_title(value: str) -> Project:
    return cells.found_by(
        lambda: Project.objects.all(), ["iati_identifier", "title_ka", "title_en"], _("project")
    )(value)


def _opportunity_by_reference(value: str) -> Opportunity:
    return cells.found_by(lambda: Opportunity.objects.all(), ["reference"], _("opportunity"))(value)


def _area(value: str) -> Area:
    return cells.found_by(lambda: Area.objects.all(), ["name_ka", "name_en"], _("target area"))(
        value
    )


# What clerks write for a status besides its label ("მიმდინარე" for a project under way).
# Obligations and needs both name the unit that answers for them.
RESPONSIBLE_UNIT = Column(
    "responsible_unit",
    gettext_lazy("responsible unit"),
    cells.unit,
    required=True,
    aliases=("unit", "ერთეული"),
    example="IRD",
)

ACTIVITY_STATUS_WORDS = {
    ActivityStatus.PIPELINE: ("pipeline", "planned", "დაგეგმილი", "იდენტიფიცირება"),
    ActivityStatus.IMPLEMENTATION: (
        "ongoing",
        "in progress",
        "active",
        "მიმდინარე",
        "მიმდინარეობს",
        "აქტიური",
    ),
    ActivityStatus.FINALISATION: ("finalising", "დასრულების პროცესში"),
    ActivityStatus.CLOSED: ("completed", "finished", "დასრულებული", "დასრულდა"),
}
NEED_STATUS_WORDS = {
    "in_progress": ("in progress", "მიმდინარე", "მიმდინარეობს"),
    "met": ("done", "დაკმაყოფილებული", "შესრულებული"),
}


class ProjectRegister(Register):
    name = "projects"
    label = gettext_lazy("Projects")
    FIELDS = (
        "iati_identifier",
        "title_ka",
        "title_en",
        "status",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "goal",
        "components",
        "expected_results",
        "report_periodicity",
        "is_public",
    )
    columns = (
        Column(
            "title_ka",
            gettext_lazy("title (Georgian)"),
            cells.text,
            required=True,
            aliases=("title", "project title", "დასახელება", "პროექტის დასახელება"),
            example=gettext_lazy("Strengthening border management"),
        ),
        Column("title_en", gettext_lazy("title (English)"), cells.text),
        Column(
            "iati_identifier",
            gettext_lazy("IATI identifier"),
            cells.text,
            aliases=("IATI ID", "IATI id.", "IATI კოდი"),
            example="XM-DAC-41114-00001",
        ),
        Column(
            "status",
            gettext_lazy("status"),
            cells.choice(activity_status_choices(), aliases=ACTIVITY_STATUS_WORDS),
            example=ACTIVITY_STATUS_LABELS[ActivityStatus.IMPLEMENTATION],
        ),
        Column(
            "donor",
            gettext_lazy("Funding"),
            cells.donor,
            aliases=("donor", "funder", "დონორი"),
            example="EU",
        ),
        Column(
            "implementing_unit",
            gettext_lazy("Implementing"),
            cells.unit,
            aliases=("implementing unit", "განმახორციელებელი ერთეული"),
            example="IRD",
        ),
        Column(
            "planned_start",
            gettext_lazy("planned start"),
            cells.date,
            aliases=("start date", "დაწყების თარიღი"),
            example=datetime.date(2026, 1, 1),
        ),
        Column(
            "planned_end",
            gettext_lazy("planned end"),
            cells.date,
            aliases=("end date", "დასრულების თარიღი"),
            example=datetime.date(2028, 12, 31),
        ),
        Column("actual_start", gettext_lazy("actual start"), cells.date),
        Column("actual_end", gettext_lazy("actual end"), cells.date),
        Column(
            "budget",
            gettext_lazy("budget"),
            cells.decimal,
            aliases=("amount", "budget amount", "თანხა", "ბიუჯეტის თანხა"),
            example=1250000.5,
        ),
        Column(
            "currency",
            gettext_lazy("currency"),
            cells.choice(currency_choices()),
            aliases=("cur.", "ვალ."),
            example="EUR",
        ),
        Column("goal", gettext_lazy("goal"), cells.text),
        Column("components", gettext_lazy("components"), cells.text),
        Column("expected_results", gettext_lazy("expected results"), cells.text),
        Column(
            "sectors",
            gettext_lazy("sectors"),
            cells.several(cells.choice(sector_choices())),
            aliases=("sector", "DAC sector", "სექტორი"),
            example="15210; 15110",
        ),
        Column("target_areas", gettext_lazy("target areas"), cells.several(_area)),
        Column(
            "report_periodicity",
            gettext_lazy("progress report periodicity"),
            cells.choice(Periodicity.choices),
            example=Periodicity.QUARTERLY.label,
        ),
        Column("is_public", gettext_lazy("public"), cells.yes_no, example=gettext_lazy("yes")),
    )

    def _existing(self, values: dict[str, Any]) -> Project | None:
        if values.get("iati_identifier"):
            query = Q(iati_identifier=values["iati_identifier"])
        else:
            query = Q(title_ka=values["title_ka"])
        found = list(Project.objects.filter(query)[:2])
        if len(found) > 1:
            raise ActionBlocked(
                _("Several projects have this title; add the IATI identifier to tell them apart.")
            )
        return found[0] if found else None

    def _parts(self, values: dict[str, Any], existing: Project | None) -> dict[str, Any]:
        parts: dict[str, Any] = {}
        if "sectors" in values:
            parts["sectors"] = [{"code": code} for code in dict.fromkeys(values["sectors"])]
        if "target_areas" in values:
            parts["target_areas"] = values["target_areas"]
        given: dict[str, tuple[str, Any]] = {
            ProjectParticipant.Role.FUNDING.value: ("donor", values.get("donor")),
            ProjectParticipant.Role.IMPLEMENTING.value: ("unit", values.get("implementing_unit")),
        }
        if any(organisation for _kind, organisation in given.values()):
            # The file names the funder and the implementer; other participants stay as they are.
            kept = [
                {"role": p.role, "donor": p.donor, "unit": p.unit, "name": p.name}
                for p in (existing.participants.all() if existing else [])
                if not given.get(p.role, ("", None))[1]
            ]
            named = [
                {"role": role, kind: organisation}
                for role, (kind, organisation) in given.items()
                if organisation
            ]
            parts["participants"] = kept + named
        if "budget" in values:
            if "currency" not in values:
                raise ActionBlocked(_("Give the budget's currency."))
            total = {values["currency"]: values["budget"]}
            if existing is None or budget_totals(existing) != total:
                parts["budget_lines"] = [
                    {
                        "amount": values["budget"],
                        "currency": values["currency"],
                        "period_start": values.get("planned_start") or values.get("actual_start"),
                        "period_end": values.get("planned_end") or values.get("actual_end"),
                    }
                ]
        return parts

    def save(self, values: dict[str, Any], user: User) -> str:
        existing = self._existing(values)
        fields: Any = _pick(values, self.FIELDS)
        parts: Any = self._parts(values, existing)
        if existing is None:
            project_create(user=user, fields=fields, parts=parts)
            return CREATED
        return _edited(
            existing,
            lambda: project_update(project=existing, user=user, fields=fields, parts=parts),
        )


class ObligationRegister(Register):
    name = "obligations"
    label = gettext_lazy("Obligations")
    FIELDS = ("kind", "description", "responsible_unit", "due_date", "recurrence", "every_days")
    columns = (
        Column(
            "description",
            gettext_lazy("description"),
            cells.text,
            required=True,
            example=gettext_lazy("Quarterly progress report"),
        ),
        Column(
            "project",
            gettext_lazy("project"),
            _project_by_identifier_or_title,
            required=True,
            example="XM-DAC-41114-00001",
        ),
        Column(
            "kind",
            gettext_lazy("type"),
            cells.choice(Obligation.Kind.choices),
            required=True,
            example=Obligation.Kind.NARRATIVE_REPORT.label,
        ),
        RESPONSIBLE_UNIT,
        Column(
            "due_date",
            gettext_lazy("due date"),
            cells.date,
            required=True,
            aliases=("deadline", "ვადა"),
            example=datetime.date(2026, 3, 31),
        ),
        Column(
            "recurrence",
            gettext_lazy("recurrence"),
            cells.choice(Obligation.Recurrence.choices),
            example=Obligation.Recurrence.QUARTERLY.label,
        ),
        Column("every_days", gettext_lazy("every how many days"), cells.whole_number),
    )

    def save(self, values: dict[str, Any], user: User) -> str:
        project = values["project"]
        fields: Any = _pick(values, self.FIELDS)
        existing = Obligation.objects.filter(
            project=project, kind=values["kind"], description=values["description"]
        ).first()
        if existing is None:
            obligation_create(project=project, user=user, fields=fields)
            return CREATED
        if existing.logs.exists():
            # The file gives the first due date; once the obligation has moved, its due date is
            # the register's (a recurring one has advanced), so the file does not turn it back.
            fields.pop("due_date")
        if all(getattr(existing, name) == value for name, value in fields.items()):
            return UNCHANGED
        return _edited(
            existing, lambda: obligation_update(obligation=existing, user=user, fields=fields)
        )


class NeedRegister(Register):
    name = "needs"
    label = gettext_lazy("Shopping list")
    FIELDS = Need.EDITABLE_FIELDS
    columns = (
        Column(
            "title",
            gettext_lazy("title"),
            cells.text,
            required=True,
            example=gettext_lazy("Laboratory equipment"),
        ),
        Column("description", gettext_lazy("description"), cells.text),
        Column(
            "source",
            gettext_lazy("source commitment"),
            cells.choice(Need.Source.choices),
            required=True,
            aliases=("source", "წყარო"),
            example=Need.Source.UN.label,
        ),
        Column("source_reference", gettext_lazy("reference in the source"), cells.text),
        Column(
            "priority",
            gettext_lazy("priority"),
            cells.choice(Need.Priority.choices),
            example=Need.Priority.HIGH.label,
        ),
        RESPONSIBLE_UNIT,
        Column(
            "status",
            gettext_lazy("status"),
            cells.choice(Need.Status.choices, aliases=NEED_STATUS_WORDS),
            example=Need.Status.OPEN.label,
        ),
        Column(
            "opportunities", gettext_lazy("opportunities"), cells.several(_opportunity_by_reference)
        ),
    )

    def save(self, values: dict[str, Any], user: User) -> str:
        fields: Any = _pick(values, self.FIELDS)
        opportunities = values.get("opportunities")
        existing = Need.objects.filter(title=values["title"]).first()
        if existing is None:
            need_create(user=user, fields=fields, opportunities=opportunities or ())
            return CREATED
        return _edited(
            existing,
            lambda: need_update(
                need=existing, user=user, fields=fields, opportunities=opportunities
            ),
        )


class TrainingRegister(Register):
    name = "trainings"
    label = gettext_lazy("Trainings")
    FIELDS = Training.EDITABLE_FIELDS
    columns = (
        Column(
            "name",
            gettext_lazy("name"),
            cells.text,
            required=True,
            aliases=("training", "title", "ტრენინგი"),
            example=gettext_lazy("Integrated border management"),
        ),
        Column(
            "organiser", gettext_lazy("organiser"), cells.text, required=True, example="FRONTEX"
        ),
        Column("unit", gettext_lazy("unit"), cells.unit, required=True, example="IRD"),
        Column(
            "start_date",
            gettext_lazy("start date"),
            cells.date,
            required=True,
            aliases=("start", "from", "დაწყება"),
            example=datetime.date(2026, 3, 2),
        ),
        Column(
            "end_date",
            gettext_lazy("end date"),
            cells.date,
            required=True,
            aliases=("end", "until", "დასრულება"),
            example=datetime.date(2026, 3, 6),
        ),
        Column(
            "duration_days",
            gettext_lazy("duration, days"),
            cells.decimal,
            required=True,
            aliases=("days", "დღეები", "დღე"),
            example=5,
        ),
        Column("place", gettext_lazy("place"), cells.text, example=gettext_lazy("Warsaw")),
        Column(
            "country",
            gettext_lazy("country"),
            cells.text,
            required=True,
            example=gettext_lazy("Poland"),
        ),
        Column("women", gettext_lazy("women"), cells.whole_number, example=3),
        Column("men", gettext_lazy("men"), cells.whole_number, example=4),
        Column("opportunity", gettext_lazy("opportunity"), _opportunity_by_reference),
        Column("project", gettext_lazy("project"), _project_by_identifier_or_title),
    )

    def save(self, values: dict[str, Any], user: User) -> str:
        fields: Any = _pick(values, self.FIELDS)
        existing = Training.objects.filter(
            name=values["name"], start_date=values["start_date"], unit=values["unit"]
        ).first()
        if existing is None:
            training_create(user=user, fields=fields)
            return CREATED
        return _edited(
            existing, lambda: training_update(training=existing, user=user, fields=fields)
        )


REGISTERS: dict[str, Register] = {
    register.name: register
    for register in (ProjectRegister(), ObligationRegister(), NeedRegister(), TrainingRegister())
}


def register_choices() -> list[tuple[str, str]]:
    return [(name, str(register.label)) for name, register in REGISTERS.items()]
