"""A unit's own records (its needs, its trainings): the list with its filters and XLSX export,
one record's page, and the form that creates and edits one. The pages are the same for every
kind of record; a ``UnitRecordPages`` names what differs, and gives the kind's addresses.

Everyone signed in reads them; who keeps them is the record's app's ``permissions.py`` (the
department and the unit's focal points), which the services ask again before a save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern
from django.utils.functional import Promise

from core.auth import signed_in_user
from core.history import readable_edits
from web.forms.common import UnitRecordForm
from web.shared.editing import changed_fields, if_changed, opened_version, record_form_page
from web.shared.feedback import forbidden_page
from web.shared.listing import (
    Sortable,
    filtered_page,
    filtered_rows,
    requested_sort,
    sort_context,
    sorted_ordering,
)
from web.shared.routes import under

if TYPE_CHECKING:
    from core.roles import Person


def _nothing_more(rows: QuerySet[Any]) -> dict[str, Any]:
    return {}


def _nothing_beside(record: Any, request: HttpRequest) -> dict[str, Any]:
    return {}


def _filled_in(request: HttpRequest, form: type[UnitRecordForm]) -> dict[str, Any]:
    """A new record's form starts from the values its address names for the form's fields
    (``/needs/new/?commitments=4`` from the gap analysis); the form checks them on save."""
    return {
        name: values if len(values) > 1 else values[0]
        for name, values in request.GET.lists()
        if name in form.base_fields and values
    }


@dataclass(frozen=True)
class UnitRecordPages:
    """One kind of unit record, and how its pages read and save it.

    Addresses and URL names follow ``plural`` and ``name``: ``<plural>/`` (``<plural>``),
    ``<plural>/new/`` (``<name>-create``), ``<plural>/<pk>/`` (``<name>-detail``) and
    ``<plural>/<pk>/edit/`` (``<name>-edit``). Templates are ``web/<plural>/list.html`` and
    ``web/<plural>/detail.html``, extending ``web/record_list.html`` and
    ``web/record_detail.html``; the form is ``web/record_form.html``.
    """

    model: type[Model]
    name: str  # "need": URL names, and the record's name in its page's template
    plural: str  # "needs": the addresses' prefix and the list's URL name
    heading: str | Promise  # the list's heading
    new_heading: str | Promise  # the heading of the form for a new record
    title_field: str  # the field that heads a record's page and its edit form
    may_add: Callable[[Person], bool]  # whether the person keeps any such records
    may_keep: Callable[[Any, Person], bool]  # whether the person keeps this record
    rows: Callable[[], QuerySet[Any]]  # the selector the list and a record's page read
    filters: Callable[..., Any]  # the list's FilterSet
    ordering: list[str]
    export: Callable[[QuerySet[Any]], HttpResponse]  # the filtered rows as XLSX
    form: type[UnitRecordForm]
    create: Callable[..., Any]  # the service: (user, fields, **links)
    update: Callable[..., Any]  # the service: (<name>=record, user, fields, **links, version)
    # What the list shows beside the rows, from the rows the filters select.
    list_extra: Callable[[QuerySet[Any]], dict[str, Any]] = field(default=_nothing_more)
    # What a record's page shows beside the record.
    detail_extra: Callable[[Any, HttpRequest], dict[str, Any]] = field(default=_nothing_beside)
    # The columns the list sorts by (``?sort=``), as its table names them.
    sortable: Sortable = field(default_factory=dict)

    def list_page(self, request: HttpRequest) -> HttpResponse:
        filters = self.filters(request.GET, queryset=self.rows())
        if request.GET.get("export") == "xlsx":
            sort = requested_sort(request, self.sortable)
            return self.export(
                filtered_rows(filters, sorted_ordering(sort, self.sortable, self.ordering))
            )
        page, query = filtered_page(request, filters, self.ordering, self.sortable)
        selected = filters.qs if filters.is_valid() else filters.queryset.none()
        context = {
            "heading": self.heading,
            "list_url": self.plural,
            "filters": filters,
            "page": page,
            "query": query,
            **sort_context(request, self.sortable),
            "can_add": self.may_add(request.user),
            **self.list_extra(selected),
        }
        return render(request, f"web/{self.plural}/list.html", context)

    def detail_page(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = get_object_or_404(self.rows(), pk=pk)
        context = {
            self.name: record,
            "record": record,
            "heading": getattr(record, self.title_field),
            "edit_url": f"{self.name}-edit",
            "can_edit": self.may_keep(record, request.user),
            "edits": readable_edits(record.edits.select_related("actor"), self.model),  # type: ignore[attr-defined]
            **self.detail_extra(record, request),
        }
        return render(request, f"web/{self.plural}/detail.html", context)

    def form_page(self, request: HttpRequest, record: Any) -> HttpResponse:
        """Create (``record`` is None) or edit; a refused or invalid form keeps what was typed."""
        user = signed_in_user(request)
        if not (self.may_add(user) if record is None else self.may_keep(record, user)):
            return forbidden_page(request)
        # The form writes cleaned values onto its instance while validating; give it its own
        # copy so the service still sees the stored values and records what changed.
        form_instance = self.model._default_manager.get(pk=record.pk) if record else None
        form = self.form(
            request.POST or None,
            instance=form_instance,
            user=user,
            initial=None if record else _filled_in(request, self.form),
        )

        def save() -> Any:
            links = form.linked()
            if record is None:
                return self.create(user=user, fields=form.service_fields(), **links)
            return self.update(
                **{self.name: record},
                user=user,
                fields=changed_fields(form, form.service_fields()),
                expected_version=opened_version(request),
                **{
                    name: if_changed(name in form.changed_data, rows)
                    for name, rows in links.items()
                },
            )

        return record_form_page(
            request,
            form=form,
            record=record,
            save=save,
            detail=f"{self.name}-detail",
            heading=str(self.new_heading) if record is None else getattr(record, self.title_field),
            cancel_url=f"{self.name}-detail" if record else self.plural,
        )

    def create_page(self, request: HttpRequest) -> HttpResponse:
        return self.form_page(request, None)

    def edit_page(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.form_page(request, get_object_or_404(self.model, pk=pk))

    def urlpatterns(self) -> list[URLPattern]:
        """The kind's four addresses; every one asks to sign in first."""
        return under(
            f"{self.plural}/",
            ("", login_required(self.list_page), self.plural),
            ("new/", login_required(self.create_page), f"{self.name}-create"),
            ("<int:pk>/", login_required(self.detail_page), f"{self.name}-detail"),
            ("<int:pk>/edit/", login_required(self.edit_page), f"{self.name}-edit"),
        )
