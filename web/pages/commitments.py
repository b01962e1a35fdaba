"""The commitments register: the list, a commitment's page (its indicators against their target
paths, its status reports and what answers it), its form with its indicators, and the
responsible unit's status report. Rules come from ``commitments.permissions``, writes go
through ``commitments.services`` and, for a report, through the commitment's status-report
obligation (``projects.services.commitment_reports``); the department accepts or returns a
report on the obligation's own page."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments import permissions as may
from commitments import selectors
from commitments.filters import CommitmentFilter
from commitments.models import Commitment
from commitments.services import CommitmentFields, commitment_create, commitment_update
from core.auth import signed_in_user
from core.errors import DomainError, StateConflict, VersionConflict
from core.history import readable_edits
from projects.models import Obligation, ProjectDocument
from projects.services.commitment_reports import (
    commitment_report_submit,
    reports_handed_in,
    status_report_due,
)
from web.forms.commitments import (
    CommitmentForm,
    CommitmentReportForm,
    IndicatorFormSet,
    indicator_initial,
    indicator_rows,
)
from web.shared.downloads import document_response
from web.shared.editing import changed_fields, edit_page, if_changed, opened_version, rows_changed
from web.shared.feedback import KeptTyping, forbidden_page, report_refusal
from web.shared.listing import Sortable, filtered_page, sort_context
from web.shared.routes import under

ORDERING = ["framework__position", "framework__code", "reference", "id"]
# The columns the list sorts by (``?sort=``), as its table names them.
COLUMNS: Sortable = {
    "commitment": ("framework__code", "reference"),
    "text": ("text_ka",),
    "responsible_unit": ("responsible_unit__name_ka",),
    "deadline": ("deadline",),
    "status": ("status",),
}


@login_required
def commitment_list(request: HttpRequest) -> HttpResponse:
    filters = CommitmentFilter(request.GET, queryset=selectors.commitment_register())
    page, query = filtered_page(request, filters, ORDERING, COLUMNS)
    context = {
        "filters": filters,
        "page": page,
        "query": query,
        **sort_context(request, COLUMNS),
        "can_keep": may.can_keep_commitments(request.user),
    }
    return render(request, "web/commitments/list.html", context)


def _indicator_rows(commitment: Commitment, today: datetime.date) -> list[dict[str, Any]]:
    """Each indicator with its latest actual, where its target path stands today, and whether
    the actual lags it."""
    rows = []
    for indicator in commitment.indicators.all():
        latest = selectors.latest_actual(indicator)
        rows.append(
            {
                "indicator": indicator,
                "latest": latest,
                "expected": indicator.expected_on(today),
                "lags": indicator.lags(latest, today),
            }
        )
    return rows


def _awaits_report(obligation: Obligation | None) -> bool:
    return obligation is not None and obligation.state in Obligation.WAITING_ON_UNIT


@login_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    commitment = get_object_or_404(selectors.commitment_register(), pk=pk)
    obligation = status_report_due(commitment)
    context = {
        "commitment": commitment,
        "indicators": _indicator_rows(commitment, timezone.localdate()),
        "reports": reports_handed_in(commitment),
        "obligation": obligation,
        "can_report": _awaits_report(obligation) and may.can_report_on(commitment, user),
        "needs": commitment.needs.select_related("responsible_unit"),
        "obligations": commitment.obligations.exclude(
            kind=Obligation.Kind.STATUS_REPORT
        ).select_related("responsible_unit"),
        "can_keep": may.can_keep_commitments(user),
        "edits": readable_edits(commitment.edits.select_related("actor"), Commitment),
    }
    return render(request, "web/commitments/detail.html", context)


def _save_commitment(request: HttpRequest, commitment: Commitment | None) -> HttpResponse:
    user = signed_in_user(request)
    if not may.can_keep_commitments(user):
        return forbidden_page(request)
    data = request.POST or None
    # The form writes cleaned values onto its instance while validating: give it its own copy.
    form = CommitmentForm(
        data, instance=Commitment.objects.get(pk=commitment.pk) if commitment else None
    )
    indicators = IndicatorFormSet(
        data,
        prefix="indicators",
        # Stored now, on a save as well: ``edit_page`` tells rows changed meanwhile by it.
        initial=indicator_initial(commitment) if commitment else None,
    )

    def save() -> Commitment:
        fields: Any = dict(form.cleaned_data)
        if commitment is None:
            return commitment_create(
                user=user, fields=fields, indicators=indicator_rows(indicators)
            )
        return commitment_update(
            commitment=commitment,
            user=user,
            fields=cast(CommitmentFields, changed_fields(form, fields)),
            indicators=if_changed(rows_changed(indicators), indicator_rows(indicators)),
            expected_version=opened_version(request),
        )

    def done(saved: Commitment) -> HttpResponse:
        messages.success(request, _("Saved: %(title)s.") % {"title": str(saved)})
        return redirect("commitment-detail", pk=saved.pk)

    return edit_page(
        request,
        forms=[form, indicators],
        save=save,
        done=done,
        template="web/commitments/form.html",
        context={"form": form, "indicators": indicators, "commitment": commitment},
        edited=commitment,
    )


@login_required
def commitment_create_page(request: HttpRequest) -> HttpResponse:
    return _save_commitment(request, None)


@login_required
def commitment_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_commitment(request, get_object_or_404(Commitment, pk=pk))


def _returned_report(commitment: Commitment, obligation: Obligation | None) -> Any:
    """For a status report returned for revision: what was handed in last for its due date
    (``submission``) and the department's return (``log``: who, when, why)."""
    if obligation is None or obligation.state != Obligation.State.RETURNED:
        return None
    last = next(
        (
            handed_in
            for handed_in in reports_handed_in(commitment)
            if handed_in.submission.obligation_id == obligation.pk
            and handed_in.submission.due_date == obligation.due_date
        ),
        None,
    )
    if last is None:
        return None
    return {"submission": last.submission, "log": last.decision}


def _nothing_due(obligation: Obligation | None) -> StateConflict:
    """The refusal of a report sent when none is due (from a page opened before the last one
    was handed in), worded as the service words it."""
    if obligation is not None:
        return StateConflict(
            _("The last status report waits for the department's decision; nothing is due now.")
        )
    return StateConflict(_("No status report is due on this commitment now."))


def _period_moved_on(request: HttpRequest, obligation: Obligation | None) -> bool:
    """Whether the report was typed for a period the department has settled meanwhile (the
    page sends the due date it was opened for)."""
    opened = request.POST.get("due", "")
    return bool(opened and obligation is not None and opened != obligation.due_date.isoformat())


def _moved_on(request: HttpRequest, obligation: Obligation | None) -> StateConflict:
    assert obligation is not None
    return StateConflict(
        _(
            "The report you typed was for the period due %(opened)s, which was settled "
            "meanwhile; the period now due ends %(due)s. Open the form again to report on it."
        )
        % {
            "opened": _day(request.POST.get("due", "")),
            "due": obligation.due_date.strftime("%d.%m.%Y"),
        }
    )


def _day(iso: str) -> str:
    try:
        return datetime.date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso


@login_required
def commitment_report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The responsible unit's status report for the period now due; one returned for revision
    opens with what was handed in last and the department's reason. A refused report comes
    back with everything typed (documents have to be chosen again: browsers never refill a
    file field); one sent when nothing is due any more shows what was typed, to copy, and no
    form that could not be sent."""
    user = signed_in_user(request)
    commitment = get_object_or_404(selectors.commitment_register(), pk=pk)
    if not may.can_report_on(commitment, user):
        return forbidden_page(request)
    obligation = status_report_due(commitment)
    returned = _returned_report(commitment, obligation)
    indicators = list(commitment.indicators.all())
    form = CommitmentReportForm(
        request.POST or None,
        indicators=indicators,
        initial=CommitmentReportForm.initial_from(returned["submission"]) if returned else None,
    )
    status = 200
    version = obligation.version if obligation else None
    moved_on = False
    if request.method == "POST":
        version = opened_version(request)
        moved_on = _period_moved_on(request, obligation)
        if not _awaits_report(obligation):
            status = report_refusal(request, _nothing_due(obligation))
        elif moved_on:
            status = report_refusal(request, _moved_on(request, obligation))
        elif form.is_valid():
            try:
                commitment_report_submit(
                    commitment=commitment,
                    user=user,
                    report=form.cleaned_data["report"],
                    assessment=form.cleaned_data["assessment"],
                    values=form.values(),
                    uploads=request.FILES.getlist("files"),
                    expected_version=version,
                )
            except DomainError as refusal:
                status = report_refusal(request, refusal)
                form.show_refusal(refusal)
                if isinstance(refusal, VersionConflict):
                    version = refusal.current_version  # sending again is a deliberate choice
                obligation = status_report_due(commitment)
                moved_on = _period_moved_on(request, obligation)
                if moved_on:
                    report_refusal(request, _moved_on(request, obligation))
            else:
                messages.success(request, _("The status report is handed in."))
                return redirect("commitment-detail", pk=pk)
        else:
            messages.error(request, _("Please correct the marked fields."))
            status = 400
    # A period settled meanwhile takes the form away: what was typed answered that period.
    awaits = _awaits_report(obligation) and not moved_on
    context = {
        "commitment": commitment,
        "obligation": obligation,
        "awaits_report": awaits,
        "returned": returned,
        "form": form,
        # Sent when nothing is due (any more): shown read-only, with no button that cannot work.
        "kept": None
        if awaits or not form.is_bound
        else KeptTyping(fields=form.typed(), uploads=len(request.FILES.getlist("files"))),
        "opened_version": version,
    }
    return render(request, "web/commitments/report.html", context, status=status)


@login_required
def commitment_document_download(request: HttpRequest, pk: int, document: int) -> FileResponse:
    """A document handed in with one of the commitment's reports."""
    return document_response(
        get_object_or_404(ProjectDocument, pk=document, submission__obligation__commitment_id=pk)
    )


urlpatterns = under(
    "commitments/",
    ("", commitment_list, "commitments"),
    ("new/", commitment_create_page, "commitment-create"),
    ("<int:pk>/", commitment_detail, "commitment-detail"),
    ("<int:pk>/edit/", commitment_edit_page, "commitment-edit"),
    ("<int:pk>/report/", commitment_report_page, "commitment-report"),
    (
        "<int:pk>/documents/<int:document>/",
        commitment_document_download,
        "commitment-document-download",
    ),
)
