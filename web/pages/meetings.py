"""Coordination meetings: the list, scheduling, the agenda with each item's outcome, and the
minutes (a printable page, and a PDF from ``web.documents.minutes``). The department keeps
them (``workflow.permissions.can_manage_meetings``); everyone signed in reads them."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.bounds import ascii_whole_number
from core.errors import ActionBlocked, DomainError
from core.languages import requested_language
from web.documents.minutes import Minutes, minutes_for, minutes_pdf_bytes
from web.forms.meetings import AgendaOutcomeForm, MeetingForm
from web.shared.downloads import made_file_response
from web.shared.editing import changed_fields, edit_page, if_changed, opened_version
from web.shared.feedback import forbidden_page, report_refusal
from web.shared.listing import Sortable, requested_sort, sort_context, sorted_ordering
from web.shared.routes import under
from workflow import permissions as may
from workflow import selectors
from workflow.models import AgendaItem, CoordinationMeeting
from workflow.services import meetings as services
from workflow.services.meetings import MeetingFields

# The columns the list sorts by (``?sort=``).
MEETING_COLUMNS: Sortable = {"starts_at": ("starts_at",), "title": ("title",), "place": ("place",)}


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = selectors.meetings()
    sort = requested_sort(request, MEETING_COLUMNS)
    return render(
        request,
        "web/meetings/list.html",
        {
            "meetings": meetings.order_by(
                *sorted_ordering(sort, MEETING_COLUMNS, meetings.query.order_by)
            ),
            **sort_context(request, MEETING_COLUMNS),
            "can_manage": may.can_manage_meetings(request.user),
        },
    )


def _save_meeting(request: HttpRequest, meeting: CoordinationMeeting | None) -> HttpResponse:
    user = signed_in_user(request)
    if not may.can_manage_meetings(user):
        return forbidden_page(request)
    form_instance = CoordinationMeeting.objects.get(pk=meeting.pk) if meeting else None
    form = MeetingForm(request.POST or None, instance=form_instance)

    def save() -> CoordinationMeeting:
        units = list(form.cleaned_data["attendee_units"])
        if meeting is None:
            return services.meeting_schedule(
                user=user, fields=form.service_fields(), attendee_units=units
            )
        return services.meeting_update(
            meeting=meeting,
            user=user,
            fields=cast(MeetingFields, changed_fields(form, dict(form.service_fields()))),
            attendee_units=if_changed("attendee_units" in form.changed_data, units),
            expected_version=opened_version(request),
        )

    def done(saved: CoordinationMeeting) -> HttpResponse:
        messages.success(request, _("Saved: %(title)s.") % {"title": saved.title})
        return redirect("meeting-detail", pk=saved.pk)

    return edit_page(
        request,
        forms=[form],
        save=save,
        done=done,
        template="web/meetings/form.html",
        context={"form": form, "meeting": meeting},
        edited=meeting,
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    return _save_meeting(request, None)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_meeting(request, get_object_or_404(CoordinationMeeting, pk=pk))


def _meeting_page(
    request: HttpRequest, meeting: CoordinationMeeting, status: int = 200, **extra: Any
) -> HttpResponse:
    can_manage = may.can_manage_meetings(request.user)
    context = {
        "meeting": meeting,
        "agenda": selectors.meeting_agenda(meeting),
        "can_manage": can_manage,
        "candidates": selectors.awaiting_presentation().order_by("reference") if can_manage else [],
        "outcome_form": AgendaOutcomeForm(),
        "can_read_briefs": may.can_read_decision_briefs(request.user),
        **extra,
    }
    return render(request, "web/meetings/detail.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors.meetings(), pk=pk)
    return _meeting_page(request, meeting)


def _agenda_action(
    request: HttpRequest, meeting_pk: int, run: Any, done: str, **on_refusal: Any
) -> HttpResponse:
    """Run one agenda change; success goes back to the meeting, a refusal is shown on it
    (with ``on_refusal`` added to the page, so what was typed is not lost)."""
    meeting = get_object_or_404(selectors.meetings(), pk=meeting_pk)
    try:
        run(signed_in_user(request), meeting)
    except DomainError as refusal:
        status = report_refusal(request, refusal)
        return _meeting_page(request, meeting, status=status, **on_refusal)
    messages.success(request, done)
    return redirect("meeting-detail", pk=meeting.pk)


def _item(meeting: CoordinationMeeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, meeting: CoordinationMeeting) -> None:
        chosen = ascii_whole_number(request.POST.get("opportunity"))
        if chosen is None:
            raise ActionBlocked(_("Choose an item to put on the agenda."))
        opportunity = get_object_or_404(selectors.opportunity_register(), pk=chosen)
        services.agenda_add(meeting=meeting, opportunity=opportunity, user=user)

    return _agenda_action(request, pk, run, _("Added to the agenda."))


@login_required
@require_POST
def agenda_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    def run(user: Any, meeting: CoordinationMeeting) -> None:
        services.agenda_remove(item=_item(meeting, item), user=user)

    return _agenda_action(request, pk, run, _("Removed from the agenda."))


@login_required
@require_POST
def agenda_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    offsets = {"up": -1, "down": 1}

    def run(user: Any, meeting: CoordinationMeeting) -> None:
        offset = offsets.get(request.POST.get("direction", ""))
        if offset is None:
            raise ActionBlocked(_("Choose whether to move the item up or down."))
        services.agenda_move(item=_item(meeting, item), user=user, offset=offset)

    return _agenda_action(request, pk, run, _("The agenda order is saved."))


@login_required
@require_POST
def agenda_record(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    form = AgendaOutcomeForm(request.POST)

    def run(user: Any, meeting: CoordinationMeeting) -> None:
        if not form.is_valid():
            raise ActionBlocked(*[str(e) for errors in form.errors.values() for e in errors])
        services.agenda_record(
            item=_item(meeting, item),
            user=user,
            outcome=form.cleaned_data["outcome"],
            notes=form.cleaned_data["notes"],
            ird_recommendation=form.cleaned_data["ird_recommendation"],
        )

    return _agenda_action(
        request, pk, run, _("The outcome is recorded."), failed_item=item, failed_outcome_form=form
    )


def _minutes(request: HttpRequest, pk: int) -> Minutes:
    meeting = get_object_or_404(selectors.meetings(), pk=pk)
    return minutes_for(meeting, requested_language(request))


@login_required
def minutes_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Georgian by default; ``?language=en`` gives English (the PDF's too)."""
    minutes = _minutes(request, pk)
    with translation.override(minutes.language):
        return render(request, "web/meetings/minutes.html", {"minutes": minutes, "meeting_pk": pk})


@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = _minutes(request, pk)
    return made_file_response(
        minutes_pdf_bytes(minutes),
        content_type="application/pdf",
        filename=f"minutes-{pk}-{minutes.language}.pdf",
        inline=True,
    )


urlpatterns = under(
    "meetings/",
    ("", meeting_list, "meetings"),
    ("new/", meeting_create, "meeting-create"),
    ("<int:pk>/", meeting_detail, "meeting-detail"),
    ("<int:pk>/edit/", meeting_edit, "meeting-edit"),
    ("<int:pk>/agenda/", agenda_add, "agenda-add"),
    ("<int:pk>/agenda/<int:item>/remove/", agenda_remove, "agenda-remove"),
    ("<int:pk>/agenda/<int:item>/move/", agenda_move, "agenda-move"),
    ("<int:pk>/agenda/<int:item>/record/", agenda_record, "agenda-record"),
    ("<int:pk>/minutes/", minutes_page, "meeting-minutes"),
    ("<int:pk>/minutes.pdf", minutes_pdf, "meeting-minutes-pdf"),
)
