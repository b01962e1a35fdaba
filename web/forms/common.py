"""What the forms of every domain share: Georgian labels kept in lower case, rows a person
adds and removes on one page, the unit a record is kept for, and a document to upload."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from core.bounds import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS
from core.filters import all_when_empty, capitalise_labels, word_empty_choices
from core.models import OrganisationalUnit, User
from core.roles import focal_point_unit_ids, in_department

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def optional_amount(label: Any) -> forms.DecimalField:
    """A sum of money that may be left empty, bounded as the registers store amounts."""
    return forms.DecimalField(
        label=label,
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=AMOUNT_DECIMAL_PLACES,
        required=False,
    )


def lowercase_georgian_first_letter(form: forms.BaseForm) -> None:
    """Django capitalises labels; for Georgian that yields Mtavruli capitals, which Georgian
    prose does not use and most fonts cannot draw. Keep Latin labels capitalised."""
    for field in form.fields.values():
        label = str(field.label or "")
        if label and "\u1c90" <= label[0] <= "\u1cbf":
            field.label = label[0].lower() + label[1:]


def nothing_chosen(field: forms.Field) -> Any:
    """The empty choice of a data-entry form's list: "choose" where a choice is required,
    "none" where the field may stay empty."""
    return _("— choose —") if field.required else _("— none —")


def entry_labels(form: forms.BaseForm) -> None:
    """A data-entry form's labels as a person reads them: Georgian ones in lower case, and each
    list's empty choice in words instead of Django's ``---------``."""
    lowercase_georgian_first_letter(form)
    word_empty_choices(form, nothing_chosen)


class GeorgianLabels:
    """Forms whose labels Django built from model fields: keep Georgian ones in lower case,
    and say in words what each list's empty choice means."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        entry_labels(self)  # type: ignore[arg-type]


class FilterLabels:
    """A page's filters shown as a form: labels capitalised like the registers' filter sets'
    (English "Status" beside "Sort by"; Georgian as written), and an empty choice that reads
    "All"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        capitalise_labels(self)  # type: ignore[arg-type]
        word_empty_choices(self, all_when_empty)  # type: ignore[arg-type]


# Rows a person edits on one page (KPIs, budget lines, participants...). Django builds every row
# a request's TOTAL_FORMS asks for, up to absolute_max (1,000 by default), each with its lists of
# units and donors: a forged count tied a worker up for minutes.
ROWS_MAX = 50


def rows_formset(form: type[forms.BaseForm], *, extra: int) -> type[forms.BaseFormSet]:  # type: ignore[type-arg]
    """A formset of removable rows, at most ROWS_MAX of them (more is refused, not built)."""
    return forms.formset_factory(
        form,
        extra=extra,
        can_delete=True,
        max_num=ROWS_MAX,
        validate_max=True,
        absolute_max=ROWS_MAX,
    )


def limit_units_to_own(field: forms.Field, user: User) -> None:
    """A focal point records for their own units; the department for any unit."""
    if not in_department(user):
        field.queryset = OrganisationalUnit.objects.filter(  # type: ignore[attr-defined]
            pk__in=focal_point_unit_ids(user)
        )


class UnitRecordForm(forms.ModelForm):  # type: ignore[type-arg]
    """A unit's own record (a need, a training): its unit limited to the units the person
    keeps records for. ``links`` are the fields saved as links beside the record's own fields
    (the services take them apart from ``service_fields``)."""

    unit_field: ClassVar[str]
    links: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entry_labels(self)
        limit_units_to_own(self.fields[self.unit_field], user)

    def service_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name not in self.links}

    def linked(self) -> dict[str, list[Any]]:
        """Each link field's chosen records, by field name."""
        return {name: list(self.cleaned_data[name]) for name in self.links}


class AttachmentForm(forms.Form):
    """A document to upload; the service checks the file and the description."""

    file = forms.FileField(label=_("file"), required=False)
    description = forms.CharField(label=_("description"), required=False, max_length=300)
