"""Every page holds under hostile input: for each address the site's URL patterns serve (new
pages are picked up from the resolver), each role and a signed-out visitor, a GET with fuzzed
query parameters and a POST of fuzzed values into each form the page renders never answer 500
or above.

The API has its own fuzzing (test_api_fuzzing.py); the admin is Django's own. Values include
text that begins like a date, far dates, Unicode digits, huge numbers, NaN and Infinity, very
long text, NUL bytes and markup. Runs are derandomized so CI sees the same inputs each time;
every page gets a few examples, so the whole run stays within about a minute and a half.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from calendars.services import calendar_feed_renew
from core.models import User
from notifications.models import Notification
from projects.services.progress import progress_report_submit
from tests.factories import MeetingFactory
from workflow.models import CoordinationMeeting
from workflow.services.meetings import agenda_add
from workflow.services.records import attachment_add

# Minutes: every page, for every role, under each class of hostile value.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = (
    "focal_point",
    "other_unit_focal_point",
    "coordinator",
    "minister",
    "unit_head",
    "viewer",
    "outsider",
    None,  # signed out
)
# The API is fuzzed by Schemathesis; the admin is Django's.
SKIPPED_PREFIXES = ("admin/", "api/")
EXAMPLES_PER_PAGE = 6

HOSTILE = [
    "",
    " ",
    "2026-12-01T10:00 call with the donor",
    "2026-12-01",
    "2026-12-01T10:00",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "0001-01-01",
    "1-1-1",
    "2026-02-30",
    "2026-W53",
    "1e20",
    "-1e20",
    "1e-20",
    "1" * 40,
    "-1",
    "-0",
    "NaN",
    "nan",
    "sNaN",
    "Infinity",
    "-Infinity",
    "inf",
    str(2**63),
    str(-(2**63) - 1),
    "١٢٣",
    "٣",
    "²",
    "١٢٣٤-٠١-٠١",
    "１２３",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% now 'Y' %}",
    "%(value)s %s {0}",
    "' OR 1=1 --",
    "../../etc/passwd",
    "on",
    "true",
    "null",
    "[]",
    "{}",
    "csv",
    "xlsx",
    "ics",
    "\u202e\u200b\ufeff",
    "😀" * 3,
    "ა" * 300,
]

unicode_digits = st.text(
    alphabet="0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९０１２３４５６７８９²³¹-.:T",
    min_size=1,
    max_size=20,
)
date_like = st.builds(
    lambda day, tail: day.isoformat() + tail,
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)),
    st.sampled_from(["", "T10:00", "T23:59:59+04:00", " call with the donor", "Z", "T99:99"]),
)
numbers = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
)
long_text = st.integers(min_value=1_000, max_value=70_000).map(lambda n: "x" * n)
fuzz_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    date_like,
    numbers,
    unicode_digits,
    long_text,
)


@dataclass
class FormSpec:
    """A form as the page renders it: where it goes, how, and its fields' names and kinds."""

    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)  # as the page fills it in


class FormReader(HTMLParser):
    """The forms in a page, read from its HTML as a browser would submit them."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: list[FormSpec] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urlsplit(values.get("action") or self.page_path).path or self.page_path
            self.forms.append(FormSpec(action, (values.get("method") or "get").lower()))
            return
        if not self.forms or not values.get("name"):
            if tag == "option" and self.forms and self._select:
                self.forms[-1].options[self._select].append(values.get("value", ""))
                if "selected" in values:
                    self.forms[-1].values[self._select] = values.get("value", "")
            return
        form, name = self.forms[-1], values["name"]
        if tag == "input":
            kind = form.fields[name] = values.get("type", "text").lower()
            if values.get("value"):
                form.options.setdefault(name, []).append(values["value"])
            if kind not in {"checkbox", "radio", "file"} or "checked" in values:
                form.values[name] = values.get("value", "")
        elif tag == "textarea":
            form.fields[name] = "textarea"
            form.values[name] = ""
            self._textarea = name
        elif tag == "select":
            form.fields[name] = "select"
            form.options.setdefault(name, [])
            self._select = name
        elif tag == "button" and values.get("value"):
            form.fields[name] = "button"
            form.options.setdefault(name, []).append(values["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1].values[self._textarea] += data.removeprefix("\n")


def forms_of(response: Any, page_path: str) -> list[FormSpec]:
    """The forms of an HTML page; files and feeds have none."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    reader = FormReader(page_path)
    reader.feed(response.content.decode(errors="replace"))
    return reader.forms


def page_routes() -> list[str]:
    """Every route the site serves outside the API and the admin, as written in the URLconf."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                yield route

    return sorted(set(walk(get_resolver().url_patterns, "")))


ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
# Names a "<slug:name>" in a route can take: the real moves, plus anything.
MOVES = ["present", "approve", "reject", "withdraw", "submit", "accept", "waive"]
MOVES += ["return_for_revision", "close", "mark_not_funded", "start_monitoring", "opportunities"]
MOVES += ["projects", "needs", "trainings"]


def route_arguments(route: str, world: dict[str, int | str]) -> st.SearchStrategy[str]:
    """The address for a route, its arguments mostly the world's real records and sometimes
    anything the converter lets through."""
    head = route.split("/", 1)[0]
    parts: list[st.SearchStrategy[str]] = []
    position = 0
    for match in ARGUMENT.finditer(route):
        parts.append(st.just(route[position : match.start()]))
        position = match.end()
        converter, name = match.group("converter") or "str", match.group("name")
        real = world.get(f"{head}.{name}", world.get(name, 1))
        if converter == "int":
            parts.append(
                st.one_of(
                    st.just(str(real)),
                    st.integers(min_value=0, max_value=2**80).map(str),
                )
            )
        elif converter == "slug":
            parts.append(
                st.one_of(
                    st.sampled_from(MOVES), st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True)
                )
            )
        else:
            parts.append(
                st.one_of(
                    st.just(str(real)), st.from_regex(r"[^/?#%\x00-\x1f]{1,80}", fullmatch=True)
                )
            )
    parts.append(st.just(route[position:]))
    return st.tuples(*parts).map(lambda pieces: "/" + "".join(pieces))


def field_value(kind: str, options: list[str]) -> st.SearchStrategy[Any]:
    if kind == "file":
        return st.builds(
            lambda name, body: SimpleUploadedFile(name or "x", body),
            st.one_of(st.sampled_from(["a.pdf", "a.xlsx", "a.xml", "a.exe"]), st.text(max_size=40)),
            st.binary(max_size=2_000),
        )
    if options:
        return st.one_of(st.sampled_from(options), fuzz_text)
    return fuzz_text


def form_data(form: FormSpec) -> st.SearchStrategy[dict[str, Any]]:
    """Each field either left out or given a fuzzed value, and a few names the form lacks."""
    values = {
        name: st.one_of(st.none(), field_value(kind, form.options.get(name, [])))
        for name, kind in form.fields.items()
        if kind not in {"submit", "reset", "image"}
    }
    extra = st.dictionaries(st.sampled_from(["page", "q", "id", "next", "version"]), fuzz_text)
    return st.tuples(st.fixed_dictionaries(values), extra).map(
        lambda pair: {k: v for k, v in {**pair[1], **pair[0]}.items() if v is not None}
    )


def query(forms: list[FormSpec]) -> st.SearchStrategy[dict[str, str]]:
    known = sorted({name for form in forms if form.method == "get" for name in form.fields})
    names = st.sampled_from([*known, "page", "export", "sort", "o", "q", "state", "year"])
    return st.dictionaries(
        st.one_of(names, st.text(min_size=1, max_size=20)), fuzz_text, max_size=6
    )


def served(response: Any, method: str, path: str, data: Any) -> str | None:
    """A description of the failure when the answer is a server error."""
    if response.status_code < 500:
        return None
    error = getattr(response, "exc_info", None)
    reason = repr(error[1])[:300] if error else ""
    sample = {
        k: (v if not isinstance(v, str) or len(v) < 80 else v[:80] + "…") for k, v in data.items()
    }
    return f"{method} {path} {sample!r} → {response.status_code} {reason}"


@pytest.fixture
def world(
    make_opportunity,
    make_obligation,
    public_project,
    coordinator,
    focal_point,
    other_unit_focal_point,
    minister,
    unit_head,
    viewer,
    outsider,
    unit,
) -> dict[str, int | str]:
    """One of each record a page shows, so addresses with ids reach real pages."""
    from needs.services import need_create
    from trainings.services import training_create
    from workflow.services import opportunity_transition

    opportunity = make_opportunity(state="identified")
    presented = make_opportunity(state="identified", title='Tom & Jerry\'s "grant" <b>')
    opportunity_transition(
        opportunity=presented,
        user=coordinator,
        name="present",
        comment="2026-12-01T10:00 call with the donor",
    )
    meeting: CoordinationMeeting = MeetingFactory.create(created_by=coordinator)
    meeting.attendee_units.set([unit])
    item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
    attachment = attachment_add(
        opportunity=opportunity,
        user=focal_point,
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    obligation = make_obligation(project=public_project)
    public_project.next_report_due = datetime.date(2026, 12, 31)
    public_project.save()
    indicator = public_project.results.first().indicators.first()
    report = progress_report_submit(
        project=public_project,
        user=coordinator,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 9, 30),
        progress="2026-09-30T10:00 progress",
        actuals={indicator: Decimal("60.5")},
    )
    need = need_create(
        user=coordinator,
        fields={"title": "საჭიროება", "source": "aa", "responsible_unit": unit},
    )
    training = training_create(
        user=coordinator,
        fields={
            "name": "ტრენინგი",
            "organiser": "FRONTEX",
            "unit": unit,
            "start_date": datetime.date(2026, 3, 2),
            "end_date": datetime.date(2026, 3, 6),
            "duration_days": Decimal("5"),
            "place": "ვარშავა",
            "country": "პოლონეთი",
            "women": 1,
            "men": 1,
        },
    )
    token = calendar_feed_renew(user=focal_point)
    notification = Notification.objects.filter(recipient=focal_point).first()
    return {
        "opportunities.pk": opportunity.pk,
        "opportunities.attachment": attachment.pk,
        "projects.pk": public_project.pk,
        "projects.report": report.pk,
        "public.pk": public_project.pk,
        "obligations.pk": obligation.pk,
        "needs.pk": need.pk,
        "trainings.pk": training.pk,
        "meetings.pk": meeting.pk,
        "meetings.item": item.pk,
        "notifications.pk": notification.pk if notification else 1,
        "token": token,
    }


def client_as(user: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_every_page_is_found_in_the_urlconf() -> None:
    routes = page_routes()
    assert "projects/<int:pk>/progress/" in routes and "notifications/" in routes
    assert "public/projects/<int:pk>/" in routes and "iati/import/" in routes
    assert not any(route.startswith(SKIPPED_PREFIXES) for route in routes)


def test_no_page_answers_a_server_error_to_fuzzed_queries_and_forms(request, world) -> None:
    users = {role: request.getfixturevalue(role) if role else None for role in ROLES}
    failures: list[str] = []

    for route in page_routes():
        # The page's own forms, as the department sees them, name the query's filters.
        real = _real_path(route, world)
        plain = client_as(users["coordinator"]).get(real)
        get_forms = forms_of(plain, real)

        @settings(
            max_examples=EXAMPLES_PER_PAGE,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(
            role=st.sampled_from(ROLES),
            path=route_arguments(route, world),
            params=query(get_forms),
            data=st.data(),
        )
        def visit(role: str | None, path: str, params: dict[str, str], data: st.DataObject) -> None:
            client = client_as(users[role])
            response = client.get(path, params)
            problem = served(response, "GET", path, params)
            assert problem is None, problem
            page_forms = [form for form in forms_of(response, path) if form.method == "post"]
            targets = page_forms or [FormSpec(path, "post")]
            form = data.draw(st.sampled_from(targets))
            fields = data.draw(form_data(form))
            posted = client.post(form.action, fields)
            problem = served(posted, "POST", form.action, fields)
            assert problem is None, problem

        try:
            visit()
        except Exception as failure:  # every page is tried; all failures are reported
            failures.append(
                f"{route}: {str(failure).splitlines()[0] if str(failure) else failure!r}"
            )

    assert not failures, "\n".join(failures)


# One value of each class that has broken a page before; the pass below sends each of them to
# every field and filter of every page, so no class depends on what the random pass draws.
CLASS_REPRESENTATIVES = [
    "2026-12-01T10:00 call with the donor",
    "9999-12-31",
    "1e20",
    "NaN",
    "-Infinity",
    "²",
    "١٢٣",
    "a\x00b",
    str(2**63),
    "1" * 40,
    '"><script>alert(1)</script>',
    "x" * 70_000,
]


def test_every_field_and_filter_of_every_page_holds_each_class_of_hostile_value(
    coordinator, world
) -> None:
    """Deterministic: for each page the department sees, each representative value in every
    query filter at once, and in every field of each form it renders at once."""
    client = client_as(coordinator)
    failures: list[str] = []
    for route in page_routes():
        path = _real_path(route, world)
        # Signing out would make every later request a signed-out one.
        forms = [f for f in forms_of(client.get(path), path) if f.action != "/logout/"]
        filters = sorted({n for form in forms if form.method == "get" for n in form.fields})
        for value in CLASS_REPRESENTATIVES:
            params = {name: value for name in [*filters, "page", "sort", "year", "version"]}
            problem = served(client.get(path, params), "GET", path, params)
            failures += [problem] if problem else []
            for form in (f for f in forms if f.method == "post"):
                # A formset's row counts stay as the page set them (test_row_limits.py).
                fields: dict[str, Any] = {
                    name: SimpleUploadedFile("a.pdf", b"%PDF-1.7\n") if kind == "file" else value
                    for name, kind in form.fields.items()
                    if kind not in {"submit", "reset", "image"} and not name.endswith("_FORMS")
                }
                fields = {**form.values, **fields}
                problem = served(client.post(form.action, fields), "POST", form.action, fields)
                failures += [problem] if problem else []
        # Hidden fields a view may read itself (the version of an edit, a formset's row count)
        # are hostile one at a time in a form otherwise as the page filled it in, so the value
        # gets past the form's own checks to the code that reads it.
        for form in (f for f in forms if f.method == "post"):
            for name in _read_by_views(form):
                for value in CLASS_REPRESENTATIVES:
                    fields = {**form.values, name: value}
                    answer = client.post(form.action, fields)
                    problem = served(answer, "POST", form.action, fields)
                    failures += [problem] if problem else []
    assert not failures, "\n".join(failures[:20])


def _read_by_views(form: FormSpec) -> list[str]:
    """Hidden fields other than Django's own bookkeeping (a field's opened value, a formset's
    initial and limit counts), which Django checks itself."""
    bookkeeping = ("initial-", "csrfmiddlewaretoken")
    limits = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
    return [
        name
        for name, kind in form.fields.items()
        if kind == "hidden" and not name.startswith(bookkeeping) and not name.endswith(limits)
    ]


def _real_path(route: str, world: dict[str, int | str]) -> str:
    """The route with the world's records and a real move or register in it."""
    head = route.split("/", 1)[0]

    def argument(match: re.Match[str]) -> str:
        name = match.group("name")
        if match.group("converter") == "slug":
            return "opportunities" if name == "register" else "present"
        return str(world.get(f"{head}.{name}", world.get(name, 1)))

    return "/" + ARGUMENT.sub(argument, route)
