"""Who may open what: every page and every API endpoint, for each role, for an item of the
person's own unit and of another unit, and signed out.

The table below names a rule for every route Django knows; a route added without a rule fails
the first test, so nothing new is left unchecked.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from actionplans.services import activity_add, plan_create, section_add
from calendars.services import calendar_feed_renew
from commitments.models import Framework
from commitments.services import commitment_create
from core.models import OrganisationalUnit, User
from iati.reading import iati_import_create, iati_import_read
from imports.services import import_check
from needs.models import Need
from notifications.models import Notification
from projects.models import Obligation, ProgressReport, Project
from projects.services.commitment_reports import commitment_report_submit
from projects.services.documents import project_document_add
from rates.models import ExchangeRate
from trainings.models import Training
from workflow.models import AgendaItem, CoordinationMeeting, Opportunity
from workflow.services.records import attachment_add

# Loads the whole demo data set for each test, then opens every route for every role.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = ["anonymous", "viewer", "focal", "focal2", "head", "coordinator", "minister", "admin"]
SIGNED_IN = ROLES[1:]
PDF = b"%PDF-1.7\n%%EOF\n"


@dataclass(frozen=True)
class Rule:
    """Who gets a page (200) by GET; everyone else gets ``refused`` (signed out: sign-in),
    except the roles ``answers`` names."""

    allowed: tuple[str, ...]
    refused: int = 403
    answers: tuple[tuple[str, int], ...] = ()


EVERYONE = Rule(tuple(ROLES))
SIGNED_IN_READ = Rule(tuple(SIGNED_IN))
DEPARTMENT = Rule(("coordinator",))
DEPARTMENT_AND_MANAGEMENT = Rule(("coordinator", "minister"))
# The item belongs to focal's unit: its focal point, its head and the department may edit.
OWN_UNIT_EDIT = Rule(("focal", "coordinator"))
POST_ONLY = Rule((), refused=405)
# Forms that post without signing in first (sign-in, sign-out, language): 405 for everyone.
POST_ONLY_OPEN = Rule((), refused=405, answers=(("anonymous", 405),))
# Frameworks, commitments and donors' priorities: kept by the department and administrators.
COMMITMENT_KEEPERS = Rule(("coordinator", "admin"))
# Units and donors: kept by the department and administrators.
DIRECTORY_KEEPERS = Rule(("coordinator", "admin"))
# A unit's action plan: kept by its focal points and head and by the department; any unit's
# people (and the department) may start one.
OWN_UNIT_PLAN = Rule(("focal", "head", "coordinator"))
PLAN_START = Rule(("focal", "focal2", "head", "coordinator"))
# Unit records (needs, trainings): kept by focal points and the department.
UNIT_RECORD_CREATE = Rule(("focal", "focal2", "coordinator"))


def _pk(row: Model | None) -> int:
    """The key of a row the demo data set holds."""
    assert row is not None
    return row.pk


def _world() -> dict[str, Any]:
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())
    users = {u.username: u for u in User.objects.all()}
    coordinator = users["coordinator"]
    opportunity = Opportunity.objects.filter(
        owning_unit__code="academy", state="identified"
    ).first()
    assert opportunity is not None
    attachment = attachment_add(
        opportunity=opportunity,
        user=coordinator,
        upload=SimpleUploadedFile("a.pdf", PDF),
    )
    project = Project.objects.filter(participants__unit__code="academy").first()
    assert project is not None
    document = project_document_add(
        project=project, user=coordinator, upload=SimpleUploadedFile("d.pdf", PDF)
    )
    meeting = CoordinationMeeting.objects.first()
    item = AgendaItem.objects.first()
    batch = import_check(
        user=coordinator,
        register="needs",
        file_name="n.csv",
        content="title,source,responsible_unit\nა,aa,academy\n".encode(),
    )
    iati = iati_import_create(
        user=coordinator,
        file_name="a.xml",
        file=io.BytesIO(
            b'<iati-activities version="2.03"><iati-activity><iati-identifier>XM-TEST-1'
            b"</iati-identifier><title><narrative>T</narrative></title></iati-activity>"
            b"</iati-activities>"
        ),
    )
    iati_import_read(import_id=iati.pk)
    report = ProgressReport.objects.filter(project=project).first()
    public = Project.objects.filter(is_public=True, status__in=["2", "3"]).first()
    commitment = commitment_create(
        user=coordinator,
        fields={
            "framework": Framework.objects.get(code="nato-anp"),
            "reference": "მატრიცა 1.1",
            "text_ka": "საზღვრის მართვის შესაძლებლობების განვითარება",
            "responsible_unit": OrganisationalUnit.objects.get(code="academy"),
        },
    )
    # A commitment the academy has reported on, with a document handed in with the report.
    reported = commitment_create(
        user=coordinator,
        fields={
            "framework": Framework.objects.get(code="nato-anp"),
            "reference": "მატრიცა 1.2",
            "text_ka": "ანგარიში დოკუმენტით",
            "responsible_unit": OrganisationalUnit.objects.get(code="academy"),
        },
    )
    handed_in = commitment_report_submit(
        commitment=reported,
        user=coordinator,
        report="ანგარიში",
        assessment="on_track",
        uploads=[SimpleUploadedFile("c.pdf", PDF)],
    )
    academy = OrganisationalUnit.objects.get(code="academy")
    plan = plan_create(
        user=coordinator, fields={"year": 2031, "unit": academy, "title": "აკადემიის გეგმა"}
    )
    section = section_add(plan=plan, user=coordinator, number="1.1", title="სწავლება")
    activity = activity_add(
        plan=plan,
        user=coordinator,
        fields={
            "section": section,
            "number": "1.1.1",
            "text": "სასწავლო კურსის შემუშავება",
            "responsible_unit": academy,
        },
    )
    return {
        "users": users,
        "plan": plan.pk,
        "section": section.pk,
        "activity": activity.pk,
        "opportunity": opportunity.pk,
        "attachment": attachment.pk,
        "project": project.pk,
        "document": document.pk,
        # One the unit owes now, so submitting it is a move the rules may allow.
        "obligation": _pk(
            Obligation.objects.filter(
                responsible_unit__code="academy",
                project__isnull=False,
                state__in=Obligation.WAITING_ON_UNIT,
            )
            .order_by("pk")
            .first()
        ),
        "need": _pk(Need.objects.first()),
        "training": _pk(Training.objects.filter(unit__code="academy").first()),
        "meeting": meeting.pk if meeting else 0,
        "item": item.pk if item else 0,
        "batch": batch.pk,
        "iati": iati.pk,
        "iati_row": iati.rows.get().pk,
        "report": report.pk if report else 0,
        "notification": _pk(Notification.objects.filter(recipient=users["focal"]).first()),
        "token": calendar_feed_renew(user=users["focal"]),
        "public_project": public.pk if public else 0,
        "commitment": commitment.pk,
        "reported_commitment": reported.pk,
        "commitment_document": handed_in.documents.get().pk,
        "framework": commitment.framework_id,
    }


Kwargs = Callable[[dict[str, Any]], dict[str, Any]]


def pk(key: str) -> Kwargs:
    return lambda w: {"pk": w[key]}


# name -> (url kwargs, rule for GET)
WEB: dict[str, tuple[Kwargs | None, Rule]] = {
    "home": (None, SIGNED_IN_READ),
    "login": (None, EVERYONE),
    "logout": (None, POST_ONLY_OPEN),
    "password_change": (None, SIGNED_IN_READ),
    "password_change_done": (None, SIGNED_IN_READ),
    "register": (None, SIGNED_IN_READ),
    "decisions": (None, Rule(("minister",))),
    "decision-brief": (pk("opportunity"), DEPARTMENT_AND_MANAGEMENT),
    "decision-recommendation": (pk("opportunity"), POST_ONLY),
    "decision-pack": (None, DEPARTMENT_AND_MANAGEMENT),
    "dashboard": (None, SIGNED_IN_READ),
    "route-report": (None, SIGNED_IN_READ),
    "units": (None, SIGNED_IN_READ),
    "unit-create": (None, DIRECTORY_KEEPERS),
    "unit-edit": (pk("unit"), DIRECTORY_KEEPERS),
    "donors": (None, SIGNED_IN_READ),
    "donor-create": (None, DIRECTORY_KEEPERS),
    "donor-edit": (pk("donor"), DIRECTORY_KEEPERS),
    "donor-priorities": (pk("donor"), COMMITMENT_KEEPERS),
    "frameworks": (None, SIGNED_IN_READ),
    "framework-create": (None, COMMITMENT_KEEPERS),
    "framework-edit": (pk("framework"), COMMITMENT_KEEPERS),
    "commitments": (None, SIGNED_IN_READ),
    "commitment-gaps": (None, SIGNED_IN_READ),
    "commitment-comparison": (pk("commitment"), SIGNED_IN_READ),
    "need-comparison": (pk("need"), SIGNED_IN_READ),
    "action-plans": (None, SIGNED_IN_READ),
    "action-plan-create": (None, PLAN_START),
    "action-plan-import": (None, PLAN_START),
    "action-plan-detail": (pk("plan"), SIGNED_IN_READ),
    "action-plan-edit": (pk("plan"), OWN_UNIT_PLAN),
    "action-plan-copy": (pk("plan"), POST_ONLY),
    "action-plan-section-create": (pk("plan"), OWN_UNIT_PLAN),
    "action-plan-activity-create": (pk("plan"), OWN_UNIT_PLAN),
    "action-plan-section-edit": (pk("section"), OWN_UNIT_PLAN),
    "activity-edit": (pk("activity"), OWN_UNIT_PLAN),
    "activity-report": (pk("activity"), SIGNED_IN_READ),
    "commitment-create": (None, COMMITMENT_KEEPERS),
    "commitment-detail": (pk("commitment"), SIGNED_IN_READ),
    "commitment-edit": (pk("commitment"), COMMITMENT_KEEPERS),
    # The responsible unit (the academy) reports; the department may on its behalf.
    "commitment-report": (pk("commitment"), OWN_UNIT_EDIT),
    "commitment-document-download": (
        lambda w: {"pk": w["reported_commitment"], "document": w["commitment_document"]},
        SIGNED_IN_READ,
    ),
    "opportunity-create": (None, Rule(("focal", "focal2", "coordinator"))),
    "opportunity-edit": (pk("opportunity"), OWN_UNIT_EDIT),
    "opportunity-detail": (pk("opportunity"), SIGNED_IN_READ),
    "opportunity-transition": (lambda w: {"pk": w["opportunity"], "name": "present"}, POST_ONLY),
    "communication-add": (pk("opportunity"), POST_ONLY),
    "attachment-upload": (pk("opportunity"), POST_ONLY),
    "attachment-download": (
        lambda w: {"pk": w["opportunity"], "attachment": w["attachment"]},
        SIGNED_IN_READ,
    ),
    "attachment-remove": (
        lambda w: {"pk": w["opportunity"], "attachment": w["attachment"]},
        POST_ONLY,
    ),
    "projects": (None, SIGNED_IN_READ),
    "project-create": (None, DEPARTMENT),
    "project-detail": (pk("project"), SIGNED_IN_READ),
    "project-fiche": (pk("project"), SIGNED_IN_READ),
    "project-edit": (pk("project"), DEPARTMENT),
    "obligation-create": (pk("project"), DEPARTMENT),
    "project-document-upload": (pk("project"), POST_ONLY),
    "progress-submit": (pk("project"), POST_ONLY),
    "progress-decide": (
        lambda w: {"pk": w["project"], "report": w["report"], "name": "accept"},
        POST_ONLY,
    ),
    "project-document-download": (
        lambda w: {"pk": w["project"], "document": w["document"]},
        SIGNED_IN_READ,
    ),
    "obligations": (None, SIGNED_IN_READ),
    "obligation-detail": (pk("obligation"), SIGNED_IN_READ),
    "obligation-edit": (pk("obligation"), DEPARTMENT),
    "obligation-move": (lambda w: {"pk": w["obligation"], "name": "submit"}, POST_ONLY),
    "needs": (None, SIGNED_IN_READ),
    "need-create": (None, UNIT_RECORD_CREATE),
    "need-gaps": (None, SIGNED_IN_READ),
    "need-detail": (pk("need"), SIGNED_IN_READ),
    "need-edit": (pk("need"), Rule(("coordinator",))),
    "trainings": (None, SIGNED_IN_READ),
    "training-create": (None, UNIT_RECORD_CREATE),
    "training-detail": (pk("training"), SIGNED_IN_READ),
    "training-edit": (pk("training"), OWN_UNIT_EDIT),
    "notification-list": (None, SIGNED_IN_READ),
    "notification-open": (pk("notification"), POST_ONLY),
    "notifications-read-all": (None, POST_ONLY),
    "notification-preferences": (None, SIGNED_IN_READ),
    "notification-problems": (None, DEPARTMENT),
    "notification-resend": (pk("notification"), POST_ONLY),
    "imports": (None, DEPARTMENT),
    "import-detail": (pk("batch"), DEPARTMENT),
    "import-run": (pk("batch"), POST_ONLY),
    # Blank spreadsheets with the columns: nothing of the registers is in them.
    "import-template": (lambda w: {"register": "needs"}, SIGNED_IN_READ),
    "calendar": (None, SIGNED_IN_READ),
    "calendar-renew": (None, POST_ONLY),
    "calendar-revoke": (None, POST_ONLY),
    "calendar-feed": (lambda w: {"token": w["token"]}, EVERYONE),
    "iati-export": (None, SIGNED_IN_READ),
    "iati-import": (None, DEPARTMENT),
    "iati-import-detail": (pk("iati"), DEPARTMENT),
    "iati-activity": (lambda w: {"pk": w["iati"], "row": w["iati_row"]}, DEPARTMENT),
    "iati-adopt": (pk("iati"), POST_ONLY),
    "iati-reconcile": (pk("iati"), POST_ONLY),
    "meetings": (None, SIGNED_IN_READ),
    "meeting-create": (None, DEPARTMENT),
    "meeting-detail": (pk("meeting"), SIGNED_IN_READ),
    "meeting-edit": (pk("meeting"), DEPARTMENT),
    "agenda-add": (pk("meeting"), POST_ONLY),
    "agenda-remove": (lambda w: {"pk": w["meeting"], "item": w["item"]}, POST_ONLY),
    "agenda-move": (lambda w: {"pk": w["meeting"], "item": w["item"]}, POST_ONLY),
    "agenda-record": (lambda w: {"pk": w["meeting"], "item": w["item"]}, POST_ONLY),
    "meeting-minutes": (pk("meeting"), SIGNED_IN_READ),
    "meeting-minutes-pdf": (pk("meeting"), SIGNED_IN_READ),
    "public-projects": (None, EVERYONE),
    "public-project": (pk("public_project"), EVERYONE),
    "public-projects-json": (None, EVERYONE),
    "public-projects-atom": (None, EVERYONE),
    "rates": (None, SIGNED_IN_READ),
    "rate-upload": (None, DEPARTMENT),
    "set_language": (None, POST_ONLY_OPEN),
    # Everyone signed in searches; each register's own selector says what they find.
    "search": (None, SIGNED_IN_READ),
    "saved-filter-save": (None, POST_ONLY),
    # Another person's saved filter is not found (404) even by POST; see tests/search.
    "saved-filter-delete": (lambda w: {"pk": 1}, POST_ONLY),
}

API_SIGNED_IN = Rule(tuple(SIGNED_IN), refused=403)
API_DEPARTMENT = Rule(("coordinator",))

# router name -> (url kwargs, rule for GET); signed out, the API answers 401.
API: dict[str, tuple[Kwargs | None, Rule]] = {
    "api-schema": (None, EVERYONE),
    "api-docs": (None, EVERYONE),
    "api-token": (None, POST_ONLY_OPEN),
    "api-root": (None, API_SIGNED_IN),
    "opportunity-list": (None, API_SIGNED_IN),
    "opportunity-detail": (pk("opportunity"), API_SIGNED_IN),
    "opportunity-edits": (pk("opportunity"), API_SIGNED_IN),
    "opportunity-history": (pk("opportunity"), API_SIGNED_IN),
    "opportunity-transitions": (pk("opportunity"), API_SIGNED_IN),
    "opportunity-run-transition": (
        lambda w: {"pk": w["opportunity"], "name": "present"},
        Rule((), refused=405),
    ),
    "unit-list": (None, API_SIGNED_IN),
    "unit-detail": (lambda w: {"pk": w["unit"]}, API_SIGNED_IN),
    "donor-list": (None, API_SIGNED_IN),
    "donor-detail": (lambda w: {"pk": w["donor"]}, API_SIGNED_IN),
    "project-list": (None, API_SIGNED_IN),
    "project-detail": (pk("project"), API_SIGNED_IN),
    "project-edits": (pk("project"), API_SIGNED_IN),
    "project-progress-reports": (pk("project"), API_SIGNED_IN),
    "project-decide-progress-report": (
        lambda w: {"pk": w["project"], "report": w["report"], "name": "accept"},
        Rule((), refused=405),
    ),
    "obligation-list": (None, API_SIGNED_IN),
    "obligation-detail": (pk("obligation"), API_SIGNED_IN),
    "obligation-edits": (pk("obligation"), API_SIGNED_IN),
    "obligation-history": (pk("obligation"), API_SIGNED_IN),
    "obligation-transitions": (pk("obligation"), API_SIGNED_IN),
    "obligation-run-transition": (
        lambda w: {"pk": w["obligation"], "name": "submit"},
        Rule((), refused=405),
    ),
    "need-list": (None, API_SIGNED_IN),
    "need-gaps": (None, API_SIGNED_IN),
    "need-unanswering-opportunities": (None, API_SIGNED_IN),
    "need-detail": (pk("need"), API_SIGNED_IN),
    "need-edits": (pk("need"), API_SIGNED_IN),
    "training-list": (None, API_SIGNED_IN),
    "training-totals": (None, API_SIGNED_IN),
    "training-detail": (pk("training"), API_SIGNED_IN),
    "training-edits": (pk("training"), API_SIGNED_IN),
    "import-list": (None, API_DEPARTMENT),
    "import-detail": (pk("batch"), API_DEPARTMENT),
    # The role is checked before the method: only the department learns it must POST.
    "import-run": (pk("batch"), Rule((), answers=(("coordinator", 405),))),
    "iati-import-list": (None, API_DEPARTMENT),
    "iati-import-detail": (pk("iati"), API_DEPARTMENT),
    "iati-import-activities": (pk("iati"), API_DEPARTMENT),
    "iati-import-adopt": (pk("iati"), Rule((), answers=(("coordinator", 405),))),
    "commitment-list": (None, API_SIGNED_IN),
    "action-plan-list": (None, API_SIGNED_IN),
    "action-plan-detail": (pk("plan"), API_SIGNED_IN),
    "action-plan-edits": (pk("plan"), API_SIGNED_IN),
    "action-plan-sections": (pk("plan"), API_SIGNED_IN),
    "action-plan-activities": (pk("plan"), API_SIGNED_IN),
    "action-plan-section-detail": (
        lambda w: {"pk": w["plan"], "section": w["section"]},
        API_SIGNED_IN,
    ),
    "action-plan-activity-detail": (
        lambda w: {"pk": w["plan"], "activity": w["activity"]},
        API_SIGNED_IN,
    ),
    "action-plan-reports": (
        lambda w: {"pk": w["plan"], "activity": w["activity"]},
        API_SIGNED_IN,
    ),
    "action-plan-copy": (pk("plan"), Rule((), refused=405)),
    "commitment-detail": (pk("commitment"), API_SIGNED_IN),
    "commitment-edits": (pk("commitment"), API_SIGNED_IN),
    "commitment-report-list": (lambda w: {"commitment": w["commitment"]}, API_SIGNED_IN),
    # Read by everyone signed in, as their pages; frameworks and donors' priorities are written
    # by COMMITMENT_KEEPERS (see WRITES).
    "framework-list": (None, API_SIGNED_IN),
    "framework-detail": (pk("framework"), API_SIGNED_IN),
    "donor-priority-set": (lambda w: {"pk": w["donor"]}, API_SIGNED_IN),
    "commitment-gap-list": (None, API_SIGNED_IN),
    "commitment-indicator-comparison": (pk("commitment"), API_SIGNED_IN),
    "need-indicator-comparison": (pk("need"), API_SIGNED_IN),
    "need-donor-match": (pk("need"), API_SIGNED_IN),
    "rate-list": (None, API_SIGNED_IN),
    "rate-detail": (pk("rate"), API_SIGNED_IN),
}
# Answered for any other address under /api/ (JSON 404), not a route of its own.
UNNAMED = {"api/^(?P<rest>[\\s\\S]*)$"}


def _routes() -> list[tuple[str, str | None]]:
    """(route, name) of every URL Django serves, without the admin and format suffixes."""

    def walk(patterns: list[Any], prefix: str) -> list[tuple[str, str | None]]:
        found = []
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith("admin/"):
                    found += walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "format" not in route:
                found.append((route, pattern.name))
        return found

    return walk(get_resolver().url_patterns, "")


def _key(route: str, name: str | None) -> str:
    return f"api:{name}" if route.startswith("api/") else str(name)


def test_every_route_has_a_rule() -> None:
    keys = {_key(route, name) for route, name in _routes() if route not in UNNAMED}
    known = set(WEB) | {f"api:{name}" for name in API}
    assert keys - known == set(), "routes without a rule in the matrix"
    assert known - keys == set(), "rules for routes that no longer exist"


def _url(route: str, key: str, world: dict[str, Any]) -> str:
    """The route with the world's values in its placeholders (router and path() styles)."""
    kwargs_of, _rule = API[key[4:]] if key.startswith("api:") else WEB[key]
    kwargs = kwargs_of(world) if kwargs_of else {}
    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m[1]]), path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m[1]]), path)
    return "/" + path


@pytest.fixture
def world(db) -> dict[str, Any]:
    built = _world()
    built["unit"] = built["users"]["focal"].role_assignments.first().unit_id
    from core.models import Donor

    built["donor"] = _pk(Donor.objects.first())
    built["rate"] = ExchangeRate.objects.get_or_create(
        date=datetime.date(2026, 3, 2),
        currency="USD",
        defaults={"rate": Decimal("2.7120"), "source": "nbg"},
    )[0].pk
    return built


def _client(world: dict[str, Any], role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def test_every_page_and_endpoint_answers_each_role_by_the_rule(world) -> None:
    clients = {role: _client(world, role) for role in ROLES}
    wrong = []
    for route, name in _routes():
        if route in UNNAMED:
            continue
        key = _key(route, name)
        is_api = key.startswith("api:")
        _kwargs, rule = API[key[4:]] if is_api else WEB[key]
        url = _url(route, key, world)
        for role in ROLES:
            status = clients[role].get(url).status_code
            if role in dict(rule.answers):
                expected = dict(rule.answers)[role]
            elif role in rule.allowed:
                expected = 200
            elif role == "anonymous" and rule is not EVERYONE:
                expected = 401 if is_api else 302
            else:
                expected = rule.refused
            if status != expected:
                wrong.append(f"{key} {url} as {role}: {status}, expected {expected}")
    assert wrong == [], "\n".join(wrong)


# Writes to an item of focal's unit: (method, url, body) -> status per role.
WRITES: list[tuple[str, Callable[[dict[str, Any]], str], dict[str, Any], dict[str, int]]] = [
    (
        "patch",
        lambda w: f"/api/opportunities/{w['opportunity']}/",
        {"title": "ახალი სათაური"},
        {
            "anonymous": 401,
            "viewer": 403,
            "focal": 200,
            "focal2": 403,
            "head": 403,
            "minister": 403,
            "coordinator": 200,
        },
    ),
    (
        "patch",
        lambda w: f"/api/trainings/{w['training']}/",
        {"place": "ქუთაისი"},
        {
            "anonymous": 401,
            "viewer": 403,
            "focal": 200,
            "focal2": 403,
            "head": 403,
            "coordinator": 200,
        },
    ),
    # The academy's plan: kept by its focal points and head and by the department.
    (
        "patch",
        lambda w: f"/api/action-plans/{w['plan']}/sections/{w['section']}/",
        {"title": "სწავლება და ტრენინგი"},
        {
            "anonymous": 401,
            "viewer": 403,
            "focal2": 403,
            "minister": 403,
            "admin": 403,
            "focal": 200,
            "head": 200,
            "coordinator": 200,
        },
    ),
    (
        "patch",
        lambda w: f"/api/action-plans/{w['plan']}/activities/{w['activity']}/",
        {"comments": "კურსი დამტკიცებულია"},
        {
            "anonymous": 401,
            "viewer": 403,
            "focal2": 403,
            "minister": 403,
            "admin": 403,
            "focal": 200,
            "head": 200,
            "coordinator": 200,
        },
    ),
    # Frameworks and donors' priorities: kept by the department and the administrators.
    (
        "post",
        lambda w: "/api/frameworks/",
        {"code": "matrix-new", "family": "other", "name_ka": "ახალი ჩარჩო"},
        {
            "anonymous": 401,
            "viewer": 403,
            "focal": 403,
            "focal2": 403,
            "head": 403,
            "minister": 403,
            "admin": 201,
        },
    ),
    (
        "patch",
        lambda w: f"/api/frameworks/{w['framework']}/",
        {"name_en": "NATO Annual National Programme"},
        {
            "anonymous": 401,
            "viewer": 403,
            "focal": 403,
            "focal2": 403,
            "head": 403,
            "minister": 403,
            "admin": 200,
            "coordinator": 200,
        },
    ),
    (
        "put",
        lambda w: f"/api/donors/{w['donor']}/priorities/",
        {"priorities": [{"framework": None, "sector": "", "theme": "მიგრაცია"}]},
        {
            "anonymous": 401,
            "viewer": 403,
            "focal": 403,
            "focal2": 403,
            "head": 403,
            "minister": 403,
            "admin": 200,
            "coordinator": 200,
        },
    ),
    (
        "post",
        lambda w: f"/api/obligations/{w['obligation']}/transitions/submit/",
        {"report": "ანგარიში წარდგენილია"},
        {"anonymous": 401, "viewer": 403, "focal2": 403, "minister": 403, "focal": 200},
    ),
    (
        "post",
        lambda w: f"/api/commitments/{w['commitment']}/reports/",
        {"report": "ანგარიში წარდგენილია", "assessment": "on_track"},
        {
            "anonymous": 401,
            "viewer": 403,
            "focal2": 403,
            "head": 403,
            "minister": 403,
            "focal": 201,
        },
    ),
    (
        "post",
        lambda w: f"/opportunities/{w['opportunity']}/communications/",
        {"occurred_on": "2026-11-20", "channel": "email", "summary": "შეხვედრა დონორთან"},
        {"anonymous": 302, "viewer": 403, "focal2": 403, "minister": 403, "focal": 302},
    ),
    (
        "post",
        lambda w: f"/opportunities/{w['opportunity']}/attachments/{w['attachment']}/remove/",
        {"reason": "შეცდომით ატვირთული"},
        {"anonymous": 302, "viewer": 403, "focal2": 403, "minister": 403, "focal": 302},
    ),
]


@pytest.mark.parametrize("write", range(len(WRITES)))
def test_writes_to_an_item_are_for_its_own_unit_and_the_department(world, write) -> None:
    method, url_of, body, expected = WRITES[write]
    url = url_of(world)
    answers = {}
    for role in expected:  # the allowed roles last, so refusals meet the item unchanged
        client = _client(world, role)
        if url.startswith("/api/"):
            response = getattr(client, method)(url, body, content_type="application/json")
        else:
            response = getattr(client, method)(url, body)
        answers[role] = response.status_code
    assert answers == expected
