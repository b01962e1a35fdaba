"""The forms of the project pages: a project with its repeating parts, an obligation, and a
progress report. They parse what was typed; the registers' services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.bounds import date_in_window
from core.codelists import indicator_measure_choices
from projects.models import BudgetLine, Obligation, Project, ProjectParticipant, ProjectSector
from web.forms.common import (
    DATE,
    GeorgianLabels,
    entry_labels,
    optional_amount,
    rows_formset,
)


class ProjectForm(forms.ModelForm):  # type: ignore[type-arg]
    public_fields = forms.MultipleChoiceField(
        label=_("public fields"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Project.PUBLISHABLE_FIELDS,
    )

    class Meta:
        model = Project
        fields = [
            "title_ka",
            "title_en",
            "iati_identifier",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "goal",
            "components",
            "expected_results",
            "target_areas",
            "report_periodicity",
            "next_report_due",
            "is_public",
            "public_fields",
        ]
        widgets = {
            "planned_start": DATE,
            "planned_end": DATE,
            "actual_start": DATE,
            "actual_end": DATE,
            "next_report_due": DATE,
            "goal": forms.Textarea(attrs={"rows": 3}),
            "components": forms.Textarea(attrs={"rows": 3}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
            "target_areas": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entry_labels(self)

    def service_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "target_areas"}


class ParticipantForm(GeorgianLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProjectParticipant
        fields = ["role", "donor", "unit", "name"]


class BudgetLineForm(GeorgianLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = BudgetLine
        fields = ["kind", "amount", "currency", "period_start", "period_end"]
        widgets = {"period_start": DATE, "period_end": DATE}


class SectorForm(GeorgianLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProjectSector
        fields = ["code", "percentage"]


class IndicatorRowForm(forms.Form):
    """One indicator under its result; rows naming the same result are grouped under it."""

    result = forms.CharField(label=_("result"), max_length=400)
    title = forms.CharField(label=_("indicator"), max_length=400, required=False)
    measure = forms.ChoiceField(
        label=_("measure"), choices=indicator_measure_choices, initial="1", required=False
    )
    baseline = optional_amount(_("baseline"))
    target = optional_amount(_("target"))


ParticipantFormSet = rows_formset(ParticipantForm, extra=2)
BudgetLineFormSet = rows_formset(BudgetLineForm, extra=1)
SectorFormSet = rows_formset(SectorForm, extra=1)
IndicatorRowFormSet = rows_formset(IndicatorRowForm, extra=2)


def filled_rows(formset: Any) -> list[dict[str, Any]]:
    """The rows typed in and not marked for removal, in the order typed. A row the page opened
    with counts though the person left it alone (``has_changed`` compares it with the values it
    was opened with); an untouched blank row does not (it is never cleaned)."""
    return [
        {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def results_from_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Indicator rows grouped under their results, results in the order first named."""
    results: dict[str, dict[str, Any]] = {}
    for row in rows:
        result = results.setdefault(row["result"], {"title": row["result"], "indicators": []})
        if row.get("title"):
            result["indicators"].append(
                {
                    "title": row["title"],
                    "measure": row.get("measure") or "1",
                    "baseline": row.get("baseline"),
                    "target": row.get("target"),
                }
            )
    return list(results.values())


def project_initial(project: Project) -> dict[str, list[dict[str, Any]]]:
    """The repeating parts of a stored project, as the formsets' initial rows."""
    indicator_rows: list[dict[str, Any]] = []
    for result in project.results.all():
        indicators = list(result.indicators.all())
        indicator_rows += [
            {
                "result": result.title,
                "title": i.title,
                "measure": i.measure,
                "baseline": i.baseline,
                "target": i.target,
            }
            for i in indicators
        ] or [{"result": result.title}]
    return {
        "participants": [
            {"role": p.role, "donor": p.donor, "unit": p.unit, "name": p.name}
            for p in project.participants.all()
        ],
        "budget": [
            {
                "kind": b.kind,
                "amount": b.amount,
                "currency": b.currency,
                "period_start": b.period_start,
                "period_end": b.period_end,
            }
            for b in project.budget_lines.all()
        ],
        "sectors": [{"code": s.code, "percentage": s.percentage} for s in project.sectors.all()],
        "indicators": indicator_rows,
    }


class ObligationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Obligation
        fields = ["kind", "description", "responsible_unit", "due_date", "recurrence", "every_days"]
        widgets = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entry_labels(self)


class ProgressReportForm(forms.Form):
    period_start = forms.DateField(
        label=_("period start"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[date_in_window],
    )
    period_end = forms.DateField(
        label=_("period end"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[date_in_window],
    )
    progress = forms.CharField(label=_("progress"), widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(
        label=_("problems"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label=_("next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
