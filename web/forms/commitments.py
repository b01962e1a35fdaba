"""The forms of the commitment pages: a commitment with its indicator rows, the responsible
unit's status report, a framework, and a donor's priority rows. They parse what was typed; the
commitments' services decide."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, DonorPriority, Framework, Indicator
from commitments.services import IndicatorData, PriorityData
from core.errors import DomainError
from core.models import OrganisationalUnit
from projects.models import ObligationSubmission
from web.forms.common import (
    DATE,
    GeorgianLabels,
    lowercase_georgian_first_letter,
    optional_amount,
    rows_formset,
)


class CommitmentForm(GeorgianLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Commitment
        fields = [
            "framework",
            "reference",
            "text_ka",
            "text_en",
            "responsible_unit",
            "supporting_units",
            "partner_agencies",
            "deadline",
            "status",
            "reporting",
        ]
        widgets = {
            "deadline": DATE,
            "text_ka": forms.Textarea(attrs={"rows": 4}),
            "text_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
            "partner_agencies": forms.Textarea(attrs={"rows": 2}),
            "supporting_units": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A framework no longer in use is offered only to the commitments already under it.
        current = self.instance.framework_id if self.instance.pk else None
        self.fields["framework"].queryset = Framework.objects.filter(  # type: ignore[attr-defined]
            Q(is_active=True) | Q(pk=current)
        )
        self.fields["responsible_unit"].queryset = OrganisationalUnit.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        )
        self.fields["supporting_units"].queryset = OrganisationalUnit.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        )


class IndicatorForm(forms.Form):
    """One indicator of the commitment; ``id`` names a stored one, empty for a new row."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    name = forms.CharField(label=_("indicator"), max_length=400)
    measure = forms.ChoiceField(
        label=_("measure"), choices=Indicator.Measure.choices, initial=Indicator.Measure.NUMBER
    )
    baseline = optional_amount(_("baseline"))
    baseline_text = forms.CharField(label=_("baseline (text)"), max_length=400, required=False)
    baseline_date = forms.DateField(label=_("baseline date"), required=False, widget=DATE)
    target = optional_amount(_("target"))
    target_text = forms.CharField(label=_("target (text)"), max_length=400, required=False)
    target_date = forms.DateField(label=_("target date"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lowercase_georgian_first_letter(self)

    def clean(self) -> dict[str, Any]:
        """The indicator's own rules, beside the fields they concern, in the same round as the
        form's: its model's field checks (dates within the years kept), a value its measure
        cannot take (``Indicator.value_problem``) and a target date before the baseline's."""
        cleaned = super().clean() or {}
        values = {
            name: cleaned.get(name)
            for name in INDICATOR_FIELDS
            if name != "id" and name not in self.errors
        }
        # Text left empty is "" on the model, as the service stores it.
        indicator = Indicator(
            **{k: "" if v is None and k.endswith("_text") else v for k, v in values.items()}
        )
        try:
            indicator.clean_fields(
                exclude=[f.name for f in Indicator._meta.fields if f.name not in values]
            )
        except ValidationError as invalid:
            for name, problems in invalid.message_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, problems)
        for name in ("baseline", "target"):
            problem = indicator.value_problem(cleaned.get(name))
            if problem and name not in self.errors:
                self.add_error(name, problem)
        problem = indicator.dates_problem()
        if problem and "target_date" not in self.errors:
            self.add_error("target_date", problem)
        return cleaned


INDICATOR_FIELDS = (
    "id",
    "name",
    "measure",
    "baseline",
    "baseline_text",
    "baseline_date",
    "target",
    "target_text",
    "target_date",
)

IndicatorFormSet = rows_formset(IndicatorForm, extra=2)


def indicator_initial(commitment: Commitment) -> list[dict[str, Any]]:
    """The commitment's stored indicators, as the formset's initial rows."""
    return [
        {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
        for indicator in commitment.indicators.all()
    ]


def _kept_rows(formset: Any) -> list[Any]:
    """The formset's rows that hold something and are not marked for removal, in the order
    typed. A row the page opened with counts though unchanged (``has_changed`` compares it
    with the values it was opened with), an untouched empty row does not."""
    return [
        form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def indicator_rows(formset: Any) -> list[IndicatorData]:
    """The indicator rows to keep; a stored row keeps its ``id``, a new one has none."""
    rows = []
    for form in _kept_rows(formset):
        row = {name: form.cleaned_data.get(name) for name in INDICATOR_FIELDS}
        if row["id"] is None:
            del row["id"]
        rows.append(cast(IndicatorData, row))
    return rows


class CommitmentReportForm(forms.Form):
    """The responsible unit's status report: what happened, its judgement of the commitment,
    and a value for each indicator (a number or a yes/no, or words, by the indicator's
    measure). The indicator fields are named ``actual-<id>``."""

    report = forms.CharField(
        label=_("what was done in the period"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )
    assessment = forms.ChoiceField(
        label=_("assessment"),
        choices=[(str(s.value), s.label) for s in Commitment.ASSESSMENTS],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[self.field_name(indicator)] = self._actual_field(indicator)
        lowercase_georgian_first_letter(self)

    @staticmethod
    def field_name(indicator: Indicator) -> str:
        return f"actual-{indicator.pk}"

    @staticmethod
    def _actual_field(indicator: Indicator) -> forms.Field:
        label = indicator.name
        if indicator.measure == Indicator.Measure.YES_NO:
            return forms.TypedChoiceField(
                label=label,
                choices=[("", "—"), ("1", _("Yes")), ("0", _("No"))],
                coerce=Decimal,
                empty_value=None,
                required=False,
            )
        if indicator.measure == Indicator.Measure.TEXT:
            return forms.CharField(label=label, max_length=400, required=False)
        field = optional_amount(label)
        field.widget.attrs["inputmode"] = "decimal"
        if indicator.measure == Indicator.Measure.PERCENT:
            field.help_text = _("in percent")
        return field

    @classmethod
    def initial_from(cls, submission: ObligationSubmission) -> dict[str, Any]:
        """The form's initial values from a report handed in (one returned for revision), so
        the unit corrects what it handed in rather than types it again."""
        initial: dict[str, Any] = {"report": submission.report, "assessment": submission.assessment}
        for claimed in submission.indicator_values.all():
            indicator = claimed.indicator
            if indicator.measure == Indicator.Measure.TEXT:
                value: Any = claimed.text
            elif indicator.measure == Indicator.Measure.YES_NO:
                value = "" if claimed.value is None else "1" if claimed.value else "0"
            else:
                value = claimed.value
            initial[cls.field_name(indicator)] = value
        return initial

    def typed(self) -> list[tuple[str, str]]:
        """What was sent, field by field in the form's order, as the person chose it (a
        choice by its label), leaving out what was left empty: to show read-only when the form
        cannot be sent again."""
        shown = []
        for name, field in self.fields.items():
            raw = str(self.data.get(self.add_prefix(name), "")).strip()
            if not raw:
                continue
            choices = {str(value): label for value, label in getattr(field, "choices", [])}
            shown.append((str(field.label), str(choices.get(raw, raw))))
        return shown

    def actual_fields(self) -> list[tuple[Indicator, forms.BoundField]]:
        return [(i, self[self.field_name(i)]) for i in self.indicators]

    def values(self) -> dict[int, Any]:
        """The value typed for each indicator (a number, or words for a text indicator);
        indicators left empty are not reported."""
        typed = {i.pk: self.cleaned_data.get(self.field_name(i)) for i in self.indicators}
        return {pk: value for pk, value in typed.items() if value not in (None, "")}

    def show_refusal(self, refusal: DomainError) -> None:
        """Put each reason the service gave beside the field it names (the services start a
        reason with the field's or the indicator's name), the others above the form."""
        labels = sorted(
            ((str(field.label).casefold(), name) for name, field in self.fields.items()),
            key=lambda pair: -len(pair[0]),
        )
        for message in refusal.messages:
            start = message.lstrip('„“”"«').casefold()
            named = next(
                (name for label, name in labels if label and start.startswith(label)),
                None,
            )
            self.add_error(named, message)

    def full_clean(self) -> None:
        # A decimal comma is read as a point, as the other report forms read it.
        if self.is_bound:
            data: Any = copy.copy(self.data)  # a QueryDict's copy can be changed
            for indicator in self.indicators:
                name = self.add_prefix(self.field_name(indicator))
                if indicator.is_numeric and name in data:
                    data[name] = str(data[name]).strip().replace(",", ".")
            self.data = data
        super().full_clean()


class FrameworkForm(GeorgianLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Framework
        fields = ["code", "family", "name_ka", "name_en", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The code stays as recorded (commitments.services.framework_update).
            self.fields["code"].disabled = True


class DonorPriorityForm(GeorgianLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DonorPriority
        fields = ["framework", "sector", "theme"]


DonorPriorityFormSet = rows_formset(DonorPriorityForm, extra=2)


def priority_initial(priorities: Any) -> list[dict[str, Any]]:
    return [{"framework": p.framework, "sector": p.sector, "theme": p.theme} for p in priorities]


def priority_rows(formset: Any) -> list[PriorityData]:
    """The priority rows to keep, each naming a framework, a sector or a theme."""
    rows: list[PriorityData] = [
        {
            "framework": form.cleaned_data.get("framework"),
            "sector": form.cleaned_data.get("sector") or "",
            "theme": form.cleaned_data.get("theme") or "",
        }
        for form in _kept_rows(formset)
    ]
    return [row for row in rows if row.get("framework") or row.get("sector") or row.get("theme")]
