"""Action plans: a plan, its activities and their quarterly status, printed and imported.

Everyone signed in reads the plans; who keeps a plan and who reports on an activity is
``actionplans.permissions``' answer, and the services refuse the rest.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actionplans import permissions as may
from actionplans import selectors
from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityReport,
    ActivityReportEdit,
    PlanSection,
)
from actionplans.quarters import QUARTERS, ROMAN, begun
from actionplans.services import (
    activity_add,
    activity_report,
    activity_update,
    plan_copy,
    plan_create,
    plan_import,
    plan_update,
    section_add,
    section_update,
)
from core.auth import signed_in_user
from core.bounds import ascii_whole_number
from core.errors import ActionBlocked, DomainError, VersionConflict
from core.history import readable_edits
from imports.services import read_upload, refuse_oversized
from web.documents.action_plans import XLSX, plan_pdf, plan_xlsx, printed_plan, read_plan_rows
from web.forms.action_plans import (
    ActivityForm,
    ActivityReportForm,
    PlanForm,
    PlanImportForm,
    SectionForm,
)
from web.shared.downloads import made_file_response
from web.shared.editing import changed_fields, edit_page, opened_version, record_form_page
from web.shared.feedback import forbidden_page, report_refusal
from web.shared.listing import Sortable, requested_sort, sort_context, sorted_ordering
from web.shared.routes import under

# The columns the list sorts by (``?sort=``); the share done is worked out per plan, after.
PLAN_COLUMNS: Sortable = {
    "year": ("year",),
    "title": ("title",),
    "unit": ("unit__name_ka",),
    "activities": ("activity_count",),
}


def _plan(pk: int) -> ActionPlan:
    return get_object_or_404(ActionPlan.objects.select_related("unit", "copied_from"), pk=pk)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.plan_list()
    sort = requested_sort(request, PLAN_COLUMNS)
    plans = list(rows.order_by(*sorted_ordering(sort, PLAN_COLUMNS, rows.query.order_by)))
    figures = selectors.completion_of_plans(plans)
    context = {
        "rows": [(plan, figures[plan.pk]) for plan in plans],
        **sort_context(request, PLAN_COLUMNS),
        "can_add": may.can_keep_any_plan(request.user),
    }
    return render(request, "web/action_plans/list.html", context)


def _export(plan: ActionPlan, kind: str, report: bool) -> HttpResponse:
    printed = printed_plan(plan, language=get_language() or "ka", report=report)
    stem = f"donorflow-action-plan-{plan.year}-{plan.pk}{'-report' if report else ''}"
    if kind == "pdf":
        return made_file_response(
            plan_pdf(printed), content_type="application/pdf", filename=f"{stem}.pdf"
        )
    return made_file_response(plan_xlsx(printed), content_type=XLSX, filename=f"{stem}.xlsx")


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as it is printed, each activity with its quarters' status; the completion by
    section, unit and quarter. ``?export=xlsx|pdf`` gives the plan, with ``&report=1`` the
    report."""
    plan = _plan(pk)
    kind = request.GET.get("export")
    if kind in {"xlsx", "pdf"}:
        return _export(plan, kind, report=request.GET.get("report") == "1")
    sections = selectors.plan_sections(plan)
    activities = [activity for rows in sections for activity in rows.activities]
    user = request.user
    context = {
        "plan": plan,
        "sections": [
            (
                rows.section,
                [
                    (
                        activity,
                        selectors.quarter_reports(activity),
                        may.can_report_on(activity, user),
                    )
                    for activity in rows.activities
                ],
            )
            for rows in sections
        ],
        "completion": selectors.completion(activities),
        "quarters": [ROMAN[quarter] for quarter in QUARTERS],
        "can_keep": may.can_keep_plan(plan, user),
        "edits": readable_edits(plan.edits.select_related("actor"), ActionPlan),
    }
    return render(request, "web/action_plans/detail.html", context)


def _plan_form(request: HttpRequest, plan: ActionPlan | None) -> HttpResponse:
    user = signed_in_user(request)
    if not (may.can_keep_plan(plan, user) if plan else may.can_keep_any_plan(user)):
        return forbidden_page(request)
    form = PlanForm(request.POST or None, instance=_plan(plan.pk) if plan else None, user=user)

    def save() -> ActionPlan:
        if plan is None:
            return plan_create(user=user, fields=form.service_fields())
        return plan_update(
            plan=plan,
            user=user,
            fields=changed_fields(form, dict(form.service_fields())),  # type: ignore[arg-type]
            expected_version=opened_version(request),
        )

    return record_form_page(
        request,
        form=form,
        record=plan,
        save=save,
        detail="action-plan-detail",
        heading=plan.title if plan else _("New action plan"),
        cancel_url="action-plan-detail" if plan else "action-plans",
    )


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    return _plan_form(request, None)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form(request, _plan(pk))


@login_required
@require_POST
def plan_copy_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Next year's plan from this one."""
    plan = _plan(pk)
    try:
        copy = plan_copy(plan=plan, user=signed_in_user(request))
    except DomainError as refusal:
        report_refusal(request, refusal)
        return redirect("action-plan-detail", pk=plan.pk)
    messages.success(request, _("Next year's plan is made: %(title)s.") % {"title": copy.title})
    return redirect("action-plan-detail", pk=copy.pk)


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Any,
    plan: ActionPlan,
    heading: str,
    edited: Any = None,
) -> HttpResponse:
    def done(saved: Any) -> HttpResponse:
        messages.success(request, _("Saved: %(title)s.") % {"title": str(saved)})
        return redirect("action-plan-detail", pk=plan.pk)

    return edit_page(
        request,
        forms=[form],
        save=save,
        done=done,
        template="web/action_plans/form.html",
        context={"form": form, "plan": plan, "heading": heading},
        edited=edited,
    )


@login_required
def section_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    user = signed_in_user(request)
    if not may.can_keep_plan(plan, user):
        return forbidden_page(request)
    form = SectionForm(request.POST or None)

    def save() -> PlanSection:
        return section_add(plan=plan, user=user, **form.cleaned_data)

    return _form_page(request, form=form, save=save, plan=plan, heading=_("New section"))


@login_required
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(PlanSection.objects.select_related("plan"), pk=pk)
    plan = section.plan
    user = signed_in_user(request)
    if not may.can_keep_plan(plan, user):
        return forbidden_page(request)
    form = SectionForm(
        request.POST or None, initial={"number": section.number, "title": section.title}
    )

    def save() -> PlanSection:
        # Only what the person changed: a renumbering saved meanwhile is not undone.
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        return section_update(
            section=section,
            user=user,
            fields=changed,  # type: ignore[arg-type]
            expected_version=opened_version(request),
        )

    return _form_page(
        request, form=form, save=save, plan=plan, heading=str(section), edited=section
    )


@login_required
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    user = signed_in_user(request)
    if not may.can_keep_plan(plan, user):
        return forbidden_page(request)
    initial = {"section": request.GET.get("section"), "responsible_unit": plan.unit_id}
    form = ActivityForm(request.POST or None, plan=plan, initial=initial)

    def save() -> Activity:
        return activity_add(plan=plan, user=user, fields=form.service_fields(), **form.linked())

    return _form_page(request, form=form, save=save, plan=plan, heading=_("New activity"))


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    plan = activity.plan
    user = signed_in_user(request)
    if not may.can_keep_plan(plan, user):
        return forbidden_page(request)
    form = ActivityForm(
        request.POST or None, plan=plan, instance=Activity.objects.get(pk=activity.pk)
    )

    def save() -> Activity:
        changed = set(form.changed_data)
        return activity_update(
            activity=activity,
            user=user,
            fields=changed_fields(form, dict(form.service_fields())),  # type: ignore[arg-type]
            **{name: value for name, value in form.linked().items() if name in changed},
            expected_version=opened_version(request),
        )

    return _form_page(
        request, form=form, save=save, plan=plan, heading=str(activity), edited=activity
    )


def _quarter_to_report(activity: Activity) -> str:
    """The quarter the form opens on: the one the sweeps chase, else the latest begun."""
    today = timezone.localdate()
    chased = activity.chased_quarter(today)
    if chased is not None:
        return str(chased)
    begun_quarters = [q for q in QUARTERS if begun(activity.plan.year, q, today)]
    return str(begun_quarters[-1] if begun_quarters else 1)


def _opened_quarter(request: HttpRequest, chosen: str) -> int | None:
    """The quarter whose report the page was opened with (its version is the page's ``version``):
    on a save, the one the form says it was opened on; else the quarter the form opens on."""
    text = request.POST.get("opened_quarter", "") if request.method == "POST" else chosen
    quarter = ascii_whole_number(text)
    return quarter if quarter in QUARTERS else None


@login_required
def activity_report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The responsible unit's quarterly status of an activity; the quarters reported so far
    and their corrections. A quarter already reported opens with its report to correct.

    The page carries the version of the report of the quarter it opened on (0: not reported
    yet). Saving that quarter after someone else reported or corrected it is refused with the
    stored report beside what was typed; a save changes only the fields the person changed,
    the others keep what is stored. Choosing another quarter in the form reports that one as
    typed (its report, if any, is listed on the page, and a correction is kept)."""
    activity = get_object_or_404(
        Activity.objects.select_related("plan", "section", "responsible_unit"), pk=pk
    )
    user = signed_in_user(request)
    reports = list(activity.reports.select_related("reported_by").order_by("quarter"))
    may_report = may.can_report_on(activity, user)
    if request.method == "POST" and not may_report:
        return forbidden_page(request)
    chosen = request.GET.get("quarter") or _quarter_to_report(activity)
    current = next((r for r in reports if str(r.quarter) == chosen), None)
    initial: dict[str, Any] = {"quarter": chosen}
    if current is not None:
        initial |= {"status": current.status, "progress": current.progress}
        initial["actual"] = current.actual
    form = ActivityReportForm(request.POST or None, initial=initial)
    opened = _opened_quarter(request, chosen)
    # The report the page's version is of; a quarter not reported yet is version 0.
    edited = next((r for r in reports if r.quarter == opened), None)
    edited = edited or ActivityReport(activity=activity, version=0)

    def save() -> ActivityReport:
        typed = form.cleaned_data
        quarter = typed["quarter"]
        fields = {name: typed[name] for name in ("status", "progress", "actual")}
        if quarter != opened:
            return activity_report(activity=activity, user=user, quarter=quarter, **fields)
        if edited.pk is not None:  # left alone, a field keeps what is stored now
            fields |= {
                name: getattr(edited, name) for name in fields if name not in form.changed_data
            }
        try:
            return activity_report(
                activity=activity,
                user=user,
                quarter=quarter,
                expected_version=opened_version(request),
                **fields,
            )
        except VersionConflict:
            if edited.pk is None:  # reported meanwhile, after this page read the quarters
                edited.pk = activity.reports.get(quarter=quarter).pk
            raise

    def done(saved: ActivityReport) -> HttpResponse:
        messages.success(
            request,
            _("The status of quarter %(quarter)s is saved.") % {"quarter": ROMAN[saved.quarter]},
        )
        return redirect("action-plan-detail", pk=activity.plan_id)

    edits = ActivityReportEdit.objects.filter(report__activity=activity).select_related("actor")
    return edit_page(
        request,
        forms=[form],
        save=save,
        done=done,
        template="web/action_plans/report.html",
        context={
            "activity": activity,
            "plan": activity.plan,
            "form": form,
            "reports": [(ROMAN[r.quarter], r) for r in reports],
            "may_report": may_report,
            "opened_quarter": opened,
            "edits": readable_edits(edits.order_by("report__quarter", "at", "id"), ActivityReport),
        },
        edited=edited,
    )


@login_required
def plan_import_page(request: HttpRequest) -> HttpResponse:
    """A new plan from a workbook in the printed layout; every wrong row is listed by its
    number, and nothing is saved until none is."""
    user = signed_in_user(request)
    if not may.can_keep_any_plan(user):
        return forbidden_page(request)
    form = PlanImportForm(request.POST or None, request.FILES or None, user=user)
    status = 200
    refusals: list[str] = []
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ActionBlocked(_("Please correct the marked fields."))
            upload = form.cleaned_data["file"]
            if not (upload.name or "").lower().endswith(".xlsx"):
                raise ActionBlocked(_("Import the plan from an XLSX workbook."))
            content = read_upload(upload)
            refuse_oversized(content)
            plan = plan_import(
                user=user,
                fields=form.plan_fields(),
                rows=read_plan_rows(content),
                default_unit=form.cleaned_data["responsible_unit"],
            )
        except DomainError as refusal:
            status = refusal.http_status
            refusals = refusal.messages
        else:
            messages.success(request, _("The plan is imported: %(title)s.") % {"title": plan.title})
            if dated := selectors.dated_outside_its_year(plan):
                messages.warning(
                    request,
                    _(
                        "The deadline dates of activities %(numbers)s are not in %(year)s. "
                        "Check them before the quarters are reported."
                    )
                    % {"numbers": ", ".join(dated), "year": plan.year},
                )
            return redirect("action-plan-detail", pk=plan.pk)
    context = {"form": form, "refusals": refusals}
    return render(request, "web/action_plans/import.html", context, status=status)


urlpatterns = under(
    "action-plans/",
    ("", plan_list, "action-plans"),
    ("new/", plan_new, "action-plan-create"),
    ("import/", plan_import_page, "action-plan-import"),
    ("<int:pk>/", plan_detail, "action-plan-detail"),
    ("<int:pk>/edit/", plan_edit, "action-plan-edit"),
    ("<int:pk>/copy/", plan_copy_page, "action-plan-copy"),
    ("<int:pk>/sections/new/", section_new, "action-plan-section-create"),
    ("<int:pk>/activities/new/", activity_new, "action-plan-activity-create"),
    ("sections/<int:pk>/edit/", section_edit, "action-plan-section-edit"),
    ("activities/<int:pk>/edit/", activity_edit, "activity-edit"),
    ("activities/<int:pk>/report/", activity_report_page, "activity-report"),
)
