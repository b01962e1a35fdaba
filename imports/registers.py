"""What each importable register's file looks like, and how one row is written through the
register's own service. A row is found again by its natural key, so importing the same file
twice updates (or leaves unchanged) what the first import created."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.codelists import activity_status_choices, currency_choices, sector_choices
from core.errors import ActionBlocked
from core.models import User
from core.periodicity import Periodicity
from imports import cells
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


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    parse: Callable[[str], Any]
    required: bool = False

    def names(self) -> set[str]:
        """The headers this column is recognised by: its key, or its label in either language."""
        found = {self.key.casefold()}
        for language in ("ka", "en"):
            with translation.override(language):
                found.add(str(self.label).casefold())
        return found

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
        """header → column for the headers recognised, and the headers that are not."""
        known: dict[str, Column] = {}
        ignored = []
        for header in headers:
            folded = header.strip().casefold()
            column = next((c for c in self.columns if folded in c.names()), None)
            if column is None:
                ignored.append(header)
            else:
                known[header] = column
        return known, ignored

    def missing(self, known: dict[str, Column]) -> list[str]:
        present = {column.key for column in known.values()}
        return [c.header() for c in self.columns if c.required and c.key not in present]

    def parse(self, cells_by_header: dict[str, str], known: dict[str, Column]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        problems = []
        for header, column in known.items():
            raw = cells_by_header.get(header, "").strip()
            if not raw:
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
        Column("title_ka", gettext_lazy("title (Georgian)"), cells.text, required=True),
        Column("title_en", gettext_lazy("title (English)"), cells.text),
        Column("iati_identifier", gettext_lazy("IATI identifier"), cells.text),
        Column("status", gettext_lazy("status"), cells.choice(activity_status_choices())),
        Column("donor", gettext_lazy("Funding"), cells.donor),
        Column("implementing_unit", gettext_lazy("Implementing"), cells.unit),
        Column("planned_start", gettext_lazy("planned start"), cells.date),
        Column("planned_end", gettext_lazy("planned end"), cells.date),
        Column("actual_start", gettext_lazy("actual start"), cells.date),
        Column("actual_end", gettext_lazy("actual end"), cells.date),
        Column("budget", gettext_lazy("budget"), cells.decimal),
        Column("currency", gettext_lazy("currency"), cells.choice(currency_choices())),
        Column("goal", gettext_lazy("goal"), cells.text),
        Column("components", gettext_lazy("components"), cells.text),
        Column("expected_results", gettext_lazy("expected results"), cells.text),
        Column("sectors", gettext_lazy("sectors"), cells.several(cells.choice(sector_choices()))),
        Column("target_areas", gettext_lazy("target areas"), cells.several(_area)),
        Column(
            "report_periodicity",
            gettext_lazy("progress report periodicity"),
            cells.choice(Periodicity.choices),
        ),
        Column("is_public", gettext_lazy("public"), cells.yes_no),
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
        Column("description", gettext_lazy("description"), cells.text, required=True),
        Column("project", gettext_lazy("project"), _project_by_identifier_or_title, required=True),
        Column("kind", gettext_lazy("type"), cells.choice(Obligation.Kind.choices), required=True),
        Column("responsible_unit", gettext_lazy("responsible unit"), cells.unit, required=True),
        Column("due_date", gettext_lazy("due date"), cells.date, required=True),
        Column(
            "recurrence", gettext_lazy("recurrence"), cells.choice(Obligation.Recurrence.choices)
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
        Column("title", gettext_lazy("title"), cells.text, required=True),
        Column("description", gettext_lazy("description"), cells.text),
        Column(
            "source",
            gettext_lazy("source commitment"),
            cells.choice(Need.Source.choices),
            required=True,
        ),
        Column("source_reference", gettext_lazy("reference in the source"), cells.text),
        Column("priority", gettext_lazy("priority"), cells.choice(Need.Priority.choices)),
        Column("responsible_unit", gettext_lazy("responsible unit"), cells.unit, required=True),
        Column("status", gettext_lazy("status"), cells.choice(Need.Status.choices)),
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
        Column("name", gettext_lazy("name"), cells.text, required=True),
        Column("organiser", gettext_lazy("organiser"), cells.text, required=True),
        Column("unit", gettext_lazy("unit"), cells.unit, required=True),
        Column("start_date", gettext_lazy("start date"), cells.date, required=True),
        Column("end_date", gettext_lazy("end date"), cells.date, required=True),
        Column("duration_days", gettext_lazy("duration, days"), cells.decimal, required=True),
        Column("place", gettext_lazy("place"), cells.text),
        Column("country", gettext_lazy("country"), cells.text, required=True),
        Column("women", gettext_lazy("women"), cells.whole_number),
        Column("men", gettext_lazy("men"), cells.whole_number),
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
