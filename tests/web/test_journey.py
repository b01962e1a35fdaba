"""The whole journey in headless Chromium, as the people who use Donorflow click it.

Screenshots of the key pages are written to test-artifacts/screenshots/.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Dialog, Page, ViewportSize, expect

from actionplans.models import ActivityReport
from actionplans.services import activity_add, plan_create, section_add
from commitments.models import Commitment, Framework
from commitments.services import commitment_create
from core.models import OrganisationalUnit, User
from projects.models import Obligation
from tests.browser import PHONE, SCREENSHOTS, fits
from workflow.models import Opportunity
from workflow.services import opportunity_transition

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


# What the browser refused under the content security policy, during the running test.
BLOCKED_BY_POLICY: list[str] = []


@pytest.fixture(autouse=True)
def _nothing_blocked_by_the_policy() -> Iterator[None]:
    BLOCKED_BY_POLICY.clear()
    yield
    assert BLOCKED_BY_POLICY == []


def _new_page(browser: Browser) -> Page:
    page = browser.new_context(locale="ka-GE").new_page()
    page.on(
        "console",
        lambda message: (
            BLOCKED_BY_POLICY.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def _sign_in(browser: Browser, base_url: str, username: str) -> Page:
    page = _new_page(browser)
    page.goto(f"{base_url}/login/")
    page.get_by_label("მომხმარებლის სახელი").fill(username)
    page.get_by_label("პაროლი").fill("pass-1234")
    page.get_by_role("button", name="შესვლა").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("მოგესალმებით")
    return page


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _run_action(page: Page, label: str, comment: str = "") -> None:
    action = page.locator("details.action", has=page.get_by_text(label, exact=True))
    action.locator("summary").click()
    if comment:
        action.get_by_label("კომენტარი", exact=False).fill(comment)
    page.once("dialog", lambda dialog: dialog.accept())
    action.get_by_role("button", name=label).click()


def test_focal_point_to_closed_project(
    browser, live_server, focal_point, coordinator, minister, unit, donor
) -> None:
    base = live_server.url

    # 1. The focal point registers an opportunity.
    focal = _sign_in(browser, base, "focal")
    _shot(focal, "01-home-focal-point")
    focal.goto(f"{base}/opportunities/new/")
    focal.get_by_label("დასახელება *").fill("კიბერდანაშაულის გამოძიების ტრენინგი")
    focal.get_by_label("სახე *").select_option("training")
    focal.get_by_label("დონორი *").select_option(str(donor.pk))
    focal.get_by_label("პასუხისმგებელი ერთეული *").select_option(str(unit.pk))
    focal.get_by_label("სავარაუდო ღირებულება").fill("45000")
    focal.get_by_label("მოსალოდნელი შედეგები").fill("20 გადამზადებული გამომძიებელი")
    focal.locator("#id_kpi-0-name").fill("გადამზადებული გამომძიებლები")
    focal.locator("#id_kpi-0-target").fill("20")
    focal.get_by_role("button", name="შენახვა").click()
    expect(focal.locator(".messages")).to_contain_text("შენახულია")
    opportunity = Opportunity.objects.get()
    detail = f"{base}/opportunities/{opportunity.pk}/"

    # 2. The coordinator schedules a meeting, puts the item on its agenda (htmx swaps the
    #    agenda in place) and, at the meeting, marks it presented.
    coordinating = _sign_in(browser, base, "coordinator")
    coordinating.get_by_role("link", name="შეხვედრის დაგეგმვა").click()
    coordinating.get_by_label("დასახელება *").fill("ნოემბრის საკოორდინაციო შეხვედრა")
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    coordinating.get_by_label("დაწყების დრო *").fill(now)
    coordinating.get_by_label("ადგილი").fill("საკონფერენციო დარბაზი")
    coordinating.get_by_label(unit.name_ka).check()
    coordinating.get_by_role("button", name="შენახვა").click()
    expect(coordinating.locator(".messages")).to_contain_text("შენახულია")
    coordinating.evaluate("window.notReloaded = true")  # gone if the whole page reloads
    coordinating.get_by_label("გამოვლენილი საკითხი").select_option(str(opportunity.pk))
    coordinating.get_by_role("button", name="დღის წესრიგში შეტანა").click()
    agenda_row = coordinating.locator("#agenda tbody tr", has_text=opportunity.reference)
    expect(agenda_row).to_contain_text("ჯერ არ განხილულა")
    expect(coordinating.locator("#messages")).to_contain_text("შეტანილია დღის წესრიგში")
    assert coordinating.evaluate("window.notReloaded === true")
    _shot(coordinating, "02-meeting-agenda")
    agenda_row.locator("summary", has_text="შედეგის ჩაწერა").click()
    agenda_row.get_by_label("წარდგენილია").check()
    agenda_row.get_by_label("რა ითქვა").fill("ერთხმად დაუჭირეს მხარი")
    agenda_row.get_by_role("button", name="შედეგის შენახვა").click()
    expect(agenda_row).to_contain_text("ერთხმად დაუჭირეს მხარი")
    meeting_url = coordinating.url
    coordinating.get_by_role("link", name="ოქმი", exact=True).click()
    expect(coordinating.get_by_role("heading", level=1)).to_have_text(
        "საკოორდინაციო შეხვედრის ოქმი"
    )
    _shot(coordinating, "02b-meeting-minutes")
    coordinating.goto(detail)
    expect(coordinating.locator(".state")).to_contain_text("წარდგენილი")

    # 3. The minister approves it in the decisions inbox.
    deciding = _sign_in(browser, base, "minister")
    deciding.goto(f"{base}/decisions/")
    _shot(deciding, "03-decisions-inbox")
    deciding.get_by_label(opportunity.reference).check()
    deciding.get_by_label("კომენტარი", exact=False).fill("მხარდაჭერილია")
    # Deciding from the inbox asks first, as a single decision on its brief does.
    asked: list[str] = []

    def confirm(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    deciding.once("dialog", confirm)
    deciding.get_by_role("button", name="დამტკიცება").click()
    expect(deciding.locator(".messages")).to_contain_text(opportunity.reference)
    assert asked, "the inbox decided without asking for confirmation"

    # 4. The focal point starts donor communication, then monitoring.
    focal.goto(detail)
    _run_action(focal, "დონორთან კომუნიკაციის დაწყება")
    expect(focal.locator(".state")).to_contain_text("დონორთან კომუნიკაციის")
    log = focal.locator("#communication")
    log.locator("summary", has_text="კონტაქტის ჩაწერა").click()
    log.get_by_label("არხი *").select_option("meeting")
    log.get_by_label("შეჯამება *").fill("დონორი ითხოვს დეტალურ ბიუჯეტს")
    log.get_by_label("შემდეგი ნაბიჯი", exact=True).fill("ბიუჯეტის გაგზავნა")
    log.get_by_role("button", name="ჟურნალში დამატება").click()
    expect(focal.locator("#communication")).to_contain_text("დონორი ითხოვს დეტალურ ბიუჯეტს")
    action = focal.locator(
        "details.action", has=focal.get_by_text("მონიტორინგის დაწყება", exact=True)
    )
    action.locator("summary").click()
    action.get_by_label("დადასტურებული თანხა").fill("42000")
    action.get_by_label("დადასტურებული თანხის ვალუტა").select_option("EUR")
    action.get_by_label("დაწყების თარიღი").fill("2026-12-01")
    focal.once("dialog", lambda dialog: dialog.accept())
    action.get_by_role("button", name="მონიტორინგის დაწყება").click()
    expect(focal.locator(".state")).to_contain_text("მონიტორინგის ქვეშ")
    _shot(focal, "04-opportunity-monitored")

    # 5. The coordinator closes it.
    coordinating.goto(detail)
    _run_action(coordinating, "დახურვა, როგორც დასრულებული", comment="საბოლოო ანგარიში მიღებულია")
    expect(coordinating.locator(".state")).to_contain_text("დახურული")
    _shot(coordinating, "05-opportunity-closed")

    coordinating.goto(f"{base}/register/")
    _shot(coordinating, "06-register")
    opportunity.refresh_from_db()
    assert (opportunity.state, opportunity.closing_outcome) == ("closed", "completed")
    assert opportunity.presented_at is not None
    assert meeting_url.endswith(f"/meetings/{opportunity.presented_at.pk}/")
    assert opportunity.communications.get().summary == "დონორი ითხოვს დეტალურ ბიუჯეტს"
    assert list(opportunity.transition_logs.values_list("transition", flat=True)) == [
        "present",
        "approve",
        "start_donor_communication",
        "start_monitoring",
        "close",
    ]


def test_a_viewer_sees_no_action_buttons(browser, live_server, viewer, make_opportunity) -> None:
    opportunity = make_opportunity(state="presented")
    page = _sign_in(browser, live_server.url, "viewer")
    page.goto(f"{live_server.url}/opportunities/{opportunity.pk}/")
    expect(page.locator("details.action")).to_have_count(0)
    expect(
        page.get_by_text("ამ ჩანაწერზე ახლა თქვენთვის ხელმისაწვდომი მოქმედება არ არის.")
    ).to_be_visible()


def test_an_action_waits_for_confirmation_and_cancel_changes_nothing(
    browser, live_server, focal_point, make_opportunity
) -> None:
    opportunity = make_opportunity(state="approved")
    label = "დონორთან კომუნიკაციის დაწყება"
    page = _sign_in(browser, live_server.url, "focal")
    page.goto(f"{live_server.url}/opportunities/{opportunity.pk}/")
    action = page.locator("details.action", has=page.get_by_text(label, exact=True))
    action.locator("summary").click()
    asked: list[str] = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    action.get_by_role("button", name=label).click()
    page.wait_for_timeout(300)
    assert asked and label in asked[0]
    opportunity.refresh_from_db()
    assert opportunity.state == Opportunity.State.APPROVED


def test_department_imports_a_register_and_reads_the_gap_view(
    browser, live_server, coordinator, unit, make_opportunity, tmp_path
) -> None:
    from needs.models import Need

    base = live_server.url
    answered = make_opportunity(state="approved")
    lonely = make_opportunity(state="identified")
    needs_file = tmp_path / "საჭიროებები.csv"
    needs_file.write_text(
        "დასახელება;ვალდებულების წყარო;პასუხისმგებელი ერთეული;შესაძლებლობები\n"
        f"ციფრული არქივი;aa;{unit.code};{answered.reference}\n"
        f"ლაბორატორია;ევროპის საბჭოს რეკომენდაცია;{unit.code};\n"
        f"უცნობი;nato;{unit.code};\n",
        encoding="utf-8",
    )
    page = _sign_in(browser, base, "coordinator")
    # Import and the shopping list drop down from the header's "More" on a desktop.
    more = page.locator("header details[data-menu-group] > summary").first
    more.click()
    page.get_by_role("link", name="იმპორტი").click()
    page.get_by_label("რეესტრი").select_option("needs")
    page.get_by_label("ფაილი").set_input_files(str(needs_file))
    page.get_by_role("button", name="ფაილის შემოწმება").click()

    # The dry run: two rows would be created, one is refused with its reason; nothing written.
    expect(page.locator('[data-count="created"]')).to_have_text("2")
    expect(page.locator('[data-count="error"]')).to_have_text("1")
    expect(page.locator("tr.outcome-error")).to_contain_text("nato")
    _shot(page, "20-import-dry-run")
    assert not Need.objects.exists()

    page.get_by_role("button", name="იმპორტი", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("არაფერი იმპორტირდა")
    assert not Need.objects.exists()
    page.get_by_label("მხოლოდ სწორი სტრიქონების იმპორტი").check()
    page.get_by_role("button", name="იმპორტი", exact=True).click()
    expect(page.get_by_text("ფაილის იმპორტი დასრულდა.")).to_be_visible()
    assert set(Need.objects.values_list("title", flat=True)) == {"ციფრული არქივი", "ლაბორატორია"}

    more.click()
    page.get_by_role("link", name="საჭიროებების სია").click()
    page.get_by_role("link", name="ხარვეზები", exact=True).click()
    gaps = page.locator("section", has=page.get_by_role("heading", name="საჭიროებები, რომლებსაც"))
    expect(gaps).to_contain_text("ლაბორატორია")
    expect(gaps).not_to_contain_text("ციფრული არქივი")
    expect(page.locator("main")).to_contain_text(lonely.reference)
    _shot(page, "21-gaps")


def test_a_focal_point_reads_a_notification_in_the_centre(
    browser, live_server, focal_point, coordinator, make_opportunity
) -> None:
    opportunity = make_opportunity(state="identified")
    opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    page = _sign_in(browser, live_server.url, "focal")
    bell = page.locator("#notification-bell")
    expect(bell.locator(".badge")).to_have_text("1")
    bell.click()
    row = page.locator("#notifications tbody tr", has_text=opportunity.reference)
    expect(row).to_contain_text("წარდგენილია, მოელის გადაწყვეტილებას")
    expect(row).to_contain_text("ახალი")
    _shot(page, "09-notification-centre")
    row.get_by_role("button", name="გადასვლა").click()
    expect(page).to_have_url(f"{live_server.url}/opportunities/{opportunity.pk}/")
    expect(page.locator("#notification-bell .badge")).to_have_count(0)
    page.goto(f"{live_server.url}/notifications/settings/")
    page.get_by_label("ერთი დღიური შეჯამება ცალკეული წერილების ნაცვლად").check()
    page.get_by_role("button", name="შენახვა").click()
    expect(page.locator(".messages")).to_contain_text("შენახულია")
    _shot(page, "10-mail-settings")


def test_the_department_follows_a_dashboard_figure_and_the_public_reads_projects(
    browser, live_server, focal_point, coordinator, make_opportunity, public_project
) -> None:
    presented = make_opportunity(state="identified")
    opportunity_transition(opportunity=presented, user=coordinator, name="present")
    make_opportunity(state="identified")
    page = _sign_in(browser, live_server.url, "coordinator")
    page.get_by_role("link", name="დაფა").click()
    funnel = page.locator("#funnel tr[data-state='presented']")
    expect(funnel.locator("a.reached")).to_have_text("1")
    expect(page.locator("#funnel tr[data-state='identified'] .conversion")).to_have_text("50.0%")
    _shot(page, "22-dashboard")
    funnel.locator("a.reached").click()
    expect(page.locator("main")).to_contain_text(presented.reference)
    expect(page.locator("main table tbody tr")).to_have_count(1)

    visitor = _new_page(browser)
    visitor.goto(f"{live_server.url}/public/projects/")
    expect(visitor.locator("article.public-project")).to_have_count(1)
    visitor.get_by_label("ძიება").fill("არარსებული")
    visitor.get_by_role("button", name="გაფილტვრა").click()
    expect(visitor.locator("article.public-project")).to_have_count(0)
    visitor.get_by_role("link", name="English").click()
    expect(visitor.locator("h1")).to_have_text("Ongoing projects")
    _shot(visitor, "23-public-projects")


def _signed_in(
    browser: Browser, base: str, username: str, viewport: ViewportSize | None = None
) -> Page:
    """A signed-in page; with ``viewport``, a phone's (touch, mobile layout)."""
    if viewport is None:
        page = browser.new_context(locale="ka-GE").new_page()
    else:
        page = browser.new_context(
            locale="ka-GE", viewport=viewport, is_mobile=True, has_touch=True
        ).new_page()
    page.on(
        "console",
        lambda message: (
            BLOCKED_BY_POLICY.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(f"{base}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("pass-1234")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{base}/")
    return page


def _fits(page: Page) -> None:
    """Nothing scrolls sideways."""
    assert fits(page)


def test_a_focal_point_reports_from_home_on_a_phone_and_the_department_accepts(
    browser: Browser,
    live_server: object,
    unit: OrganisationalUnit,
    focal_point: User,
    coordinator: User,
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    today = timezone.localdate()
    commitment = commitment_create(
        user=coordinator,
        fields={
            "framework": Framework.objects.get(code="vlap"),
            "reference": "ბლოკი 2, ნიშნული 3",
            "text_ka": "ადამიანითვაჭრობის წინააღმდეგ ბრძოლის ეროვნული სამოქმედო გეგმის შესრულება",
            "responsible_unit": unit,
        },
        indicators=[
            {
                "name": "გამოვლენილი მსხვერპლების რაოდენობა",
                "measure": "number",
                "baseline": Decimal(10),
                "baseline_date": datetime.date(today.year, 1, 1),
                "target": Decimal(40),
                "target_date": datetime.date(today.year + 1, 12, 31),
            }
        ],
    )
    plan = plan_create(user=coordinator, fields={"year": today.year, "title": "სამოქმედო გეგმა"})
    section = section_add(plan=plan, user=coordinator, number="1.1.", title="დონორული დახმარება")
    activity = activity_add(
        plan=plan,
        user=coordinator,
        fields={
            "section": section,
            "number": "1.1.1",
            "text": "სამინისტროს საჭიროებების იდენტიფიცირება",
            "indicator": "საინფორმაციო პაკეტი შემუშავებულია",
            "deadline_text": f"{today.year} წელი",
            "deadline": datetime.date(today.year, 12, 31),
            "responsible_unit": unit,
        },
    )

    # The focal point, on a phone, finds both on the home page.
    focal = _signed_in(browser, base, "focal", viewport=PHONE)
    _fits(focal)
    _shot(focal, "30-home-focal-point-phone")
    focal.locator(f"#commitment-reports a[href='/commitments/{commitment.pk}/report/']").click()
    focal.wait_for_url(f"{base}/commitments/{commitment.pk}/report/")
    _fits(focal)
    focal.locator("textarea[name$='report']").fill("მსხვერპლთა იდენტიფიცირების ჯგუფი შეიქმნა")
    focal.locator("input[name$='assessment'][value='at_risk']").check()
    focal.locator("main form input[inputmode=decimal]").first.fill("18")
    _shot(focal, "31-commitment-report-phone")
    focal.locator("main form.stack > button").click()
    focal.wait_for_url(f"{base}/commitments/{commitment.pk}/")
    expect(focal.locator(".messages")).to_be_visible()
    _fits(focal)
    obligation = Obligation.objects.get(commitment=commitment)
    assert obligation.state == Obligation.State.SUBMITTED

    # Every quarter of this year's plan left unreported is listed; the one chased now is
    # reported here.
    focal.goto(f"{base}/")
    chased = activity.chased_quarter(today)
    focal.locator(
        f"#plan-statuses a[href='/action-plans/activities/{activity.pk}/report/?quarter={chased}']"
    ).click()
    focal.wait_for_url(f"{base}/action-plans/activities/{activity.pk}/report/**")
    _fits(focal)
    focal.locator("select[name$='status']").select_option("in_progress")
    focal.locator("textarea[name$='progress']").fill("კითხვარი დაეგზავნა ყველა დანაყოფს")
    focal.locator("main form button:not(.secondary)").last.click()
    expect(focal.locator(".messages")).to_be_visible()
    report = ActivityReport.objects.get(activity=activity)
    assert report.status == ActivityReport.Status.IN_PROGRESS
    assert report.reported_by == focal_point

    # The department accepts the report on a desktop: the commitment takes its assessment
    # and the indicator its actual.
    department = _signed_in(browser, base, "coordinator")
    department.goto(f"{base}/obligations/{obligation.pk}/")
    _run_action(department, "მიღება")
    expect(department.locator(".messages")).to_be_visible()
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.AT_RISK
    department.goto(f"{base}/commitments/{commitment.pk}/")
    expect(department.locator("main")).to_contain_text("18")
    _shot(department, "32-commitment-after-report")
