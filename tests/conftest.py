"""Shared fixtures. Users are named by role so permission edges read plainly in each test."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest
from rest_framework.test import APIClient

from core.models import Donor, OrganisationalUnit, User
from core.roles import Role
from projects.models import (
    Area,
    BudgetLine,
    IndicatorActual,
    Obligation,
    Project,
    ProjectParticipant,
    ProjectResult,
    ResultIndicator,
)
from tests.factories import (
    DonorFactory,
    OpportunityFactory,
    ProjectFactory,
    UnitFactory,
    UserFactory,
)
from workflow.models import Opportunity

TESTS = Path(__file__).resolve().parent

# What `make test-fast` leaves out; `make test` runs everything. A module is either fast or
# says at its top (``pytestmark``) which of these it is, so nothing is left out unseen.
NOT_FAST = ("browser", "integration", "slow")


def _module_marks(module: object) -> set[str]:
    marks = getattr(module, "pytestmark", [])
    return {mark.name for mark in (marks if isinstance(marks, list) else [marks])}


def _uses_playwright(module: object) -> bool:
    return any(
        str(getattr(value, "__module__", None) or getattr(value, "__name__", "")).startswith(
            "playwright"
        )
        for value in vars(module).values()
    )


def _selection_problem(item: pytest.Item) -> str | None:
    """Why the fast selection could drop or keep this test wrongly: a not-fast marker put on
    a test or class rather than its module, a test under tests/integration/ without
    ``integration``, a module driving Playwright without ``browser``."""
    module = getattr(item, "module", None)
    if module is None:
        return None
    on_module = _module_marks(module) & set(NOT_FAST)
    if misplaced := ({mark.name for mark in item.iter_markers()} & set(NOT_FAST)) - on_module:
        return f"put {sorted(misplaced)} in the module's pytestmark, not on a test or class"
    if TESTS / "integration" in item.path.parents and "integration" not in on_module:
        return "a module under tests/integration/ needs pytestmark integration"
    if _uses_playwright(module) and "browser" not in on_module:
        return "a module driving Playwright needs pytestmark browser"
    return None


SELECTION_PROBLEM = pytest.StashKey[str]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Runs before ``-m`` deselects anything. A test whose markers break the rule above is
    kept in every selection, its misplaced marker dropped, and fails saying why."""
    for item in items:
        if problem := _selection_problem(item):
            item.stash[SELECTION_PROBLEM] = problem
            node: pytest.Item | pytest.Collector | None = item
            while node is not None and node is not getattr(item, "module", None):
                node.own_markers[:] = [m for m in node.own_markers if m.name not in NOT_FAST]
                node = node.parent


def pytest_runtest_setup(item: pytest.Item) -> None:
    if problem := item.stash.get(SELECTION_PROBLEM, None):
        pytest.fail(f"test selection: {problem}", pytrace=False)


@pytest.fixture
def unit(db: None) -> OrganisationalUnit:
    return UnitFactory.create(code="academy", name_ka="სსიპ – შსს აკადემია", name_en="MIA Academy")


@pytest.fixture
def other_unit(db: None) -> OrganisationalUnit:
    return UnitFactory.create(
        code="border-police", name_ka="სასაზღვრო პოლიცია", name_en="Border Police"
    )


@pytest.fixture
def donor(db: None) -> Donor:
    return DonorFactory.create(
        code="eu", acronym="EU", name_ka="ევროკავშირი", name_en="European Union"
    )


@pytest.fixture
def focal_point(unit: OrganisationalUnit) -> User:
    return UserFactory.create(username="focal", roles=[(Role.FOCAL_POINT, unit)])


@pytest.fixture
def other_unit_focal_point(other_unit: OrganisationalUnit) -> User:
    return UserFactory.create(username="focal2", roles=[(Role.FOCAL_POINT, other_unit)])


@pytest.fixture
def coordinator(db: None) -> User:
    return UserFactory.create(username="coordinator", roles=[(Role.IRD_COORDINATOR, None)])


@pytest.fixture
def minister(db: None) -> User:
    return UserFactory.create(username="minister", roles=[(Role.TOP_MANAGEMENT, None)])


@pytest.fixture
def unit_head(unit: OrganisationalUnit) -> User:
    return UserFactory.create(username="head", roles=[(Role.UNIT_HEAD, unit)])


@pytest.fixture
def viewer(db: None) -> User:
    return UserFactory.create(username="viewer", roles=[(Role.VIEWER, None)])


@pytest.fixture
def outsider(db: None) -> User:
    """Signed in, but holds no role."""
    return UserFactory.create(username="outsider")


@pytest.fixture
def make_opportunity(
    unit: OrganisationalUnit, donor: Donor, focal_point: User
) -> Callable[..., Opportunity]:
    def make(state: str = "identified", **fields: Any) -> Opportunity:
        fields.setdefault("owning_unit", unit)
        fields.setdefault("donor", donor)
        fields.setdefault("created_by", focal_point)
        return OpportunityFactory.create(state=state, **fields)

    return make


@pytest.fixture
def make_obligation(unit: OrganisationalUnit, coordinator: User) -> Callable[..., Obligation]:
    """An obligation recorded by the department through the service (a new project unless
    one is given); ``fields`` override the defaults."""
    from projects.services.obligations import ObligationFields, obligation_create

    def make(project: Project | None = None, **fields: Any) -> Obligation:
        values = {
            "kind": "narrative_report",
            "description": "კვარტალური ანგარიში დონორს",
            "responsible_unit": unit,
            "due_date": datetime.date(2027, 1, 31),
            "recurrence": "one_off",
        } | fields
        project = project or ProjectFactory.create(created_by=coordinator)
        return obligation_create(
            project=project, user=coordinator, fields=cast(ObligationFields, values)
        )

    return make


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture(autouse=True)
def _in_memory_broker() -> None:
    """Tasks queued after a commit go to an in-memory broker; sweeps are tested by calling
    them, and the integration test runs a real worker against Redis."""
    from config.celery import app

    app.conf.broker_url = "memory://"


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the interface's default language (Georgian), whatever language a
    request or test before it left active in the thread."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # Real hashing is deliberately slow; tests only need passwords to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render without a collectstatic run (production uses the hashed manifest).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


ALL_PUBLIC = [name for name, _label in Project.PUBLISHABLE_FIELDS]


@pytest.fixture
def public_project(coordinator: User, donor: Donor, unit: OrganisationalUnit) -> Project:
    """A public project with every part IATI can carry, all of it chosen for publication."""
    donor.iati_identifier = "XI-IATI-EC_NEAR"
    donor.save()
    project = ProjectFactory.create(
        title_ka="სასაზღვრო მართვის გაძლიერება",
        title_en="Border management support",
        iati_identifier="XI-IATI-EC_NEAR-2026-001",
        status="2",
        planned_start=datetime.date(2026, 1, 1),
        planned_end=datetime.date(2027, 12, 31),
        actual_start=datetime.date(2026, 2, 1),
        goal="საზღვრის მართვის შესაძლებლობების გაძლიერება",
        is_public=True,
        public_fields=ALL_PUBLIC,
        created_by=coordinator,
    )
    project.participants.create(role=ProjectParticipant.Role.FUNDING, donor=donor)
    project.participants.create(role=ProjectParticipant.Role.IMPLEMENTING, unit=unit)
    project.participants.create(role=ProjectParticipant.Role.PARTNER, name="სასაზღვრო პოლიცია")
    project.sectors.create(code="15210", percentage=Decimal("100"))
    # Seeded by a migration; a transactional test flushes it, so make it when missing.
    area, _created = Area.objects.get_or_create(
        kind=Area.Kind.REGION, name_ka="კახეთი", defaults={"name_en": "Kakheti"}
    )
    project.target_areas.add(area)
    BudgetLine.objects.create(
        project=project,
        amount=Decimal("500000"),
        currency="EUR",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    result = ProjectResult.objects.create(project=project, title="გადამზადებული ოფიცრები")
    indicator = ResultIndicator.objects.create(
        result=result, title="ოფიცრების რაოდენობა", baseline=Decimal(0), target=Decimal(120)
    )
    IndicatorActual.objects.create(
        indicator=indicator,
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 6, 30),
        value=Decimal(45),
    )
    return project


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for a module of browser tests (Playwright is imported only here, so
    the rest of the suite never loads it)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
