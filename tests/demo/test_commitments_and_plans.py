"""The demo's commitments, their reports, what serves them, and the action plans."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionPlan, Activity, ActivityReport
from commitments.models import Commitment, DonorPriority, Indicator, IndicatorValue
from commitments.selectors import latest_actuals
from core.models import User
from insight.comparison import commitment_comparison
from insight.donor_match import donor_matches
from insight.gaps import gap_analysis
from needs.models import Need
from notifications.models import Notification
from projects.models import Obligation, ObligationLog, ObligationSubmission
from projects.services.commitment_reports import status_report_due
from reminders.tasks import run_all

# Each test loads the whole demo data set.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def loaded() -> None:
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())


def _commitment(framework: str, reference: str) -> Commitment:
    return Commitment.objects.get(framework__code=framework, reference=reference)


def _lagging(commitment: Commitment, today: datetime.date) -> list[bool]:
    indicators = list(commitment.indicators.order_by("position"))
    latest = latest_actuals([indicator.pk for indicator in indicators])
    return [indicator.lags(latest.get(indicator.pk), today) for indicator in indicators]


def test_commitments_span_the_frameworks_and_their_indicators_lag_or_keep_pace(loaded) -> None:
    commitments = Commitment.objects.select_related("framework")
    assert 10 <= commitments.count() <= 14
    assert {
        "vlap",
        "vlap-post",
        "eu-aa",
        "eu-agenda",
        "nato-anp",
        "nato-parp",
        "un-cat",
        "un-cedaw",
        "coe-ecri",
        "national",
    } <= {c.framework.code for c in commitments}
    assert set(commitments.values_list("status", flat=True)) == {s.value for s in Commitment.Status}
    for commitment in commitments:
        assert 1 <= commitment.indicators.count() <= 3, commitment
        assert commitment.text_ka and commitment.text_en
    assert set(Indicator.objects.values_list("measure", flat=True)) == {
        m.value for m in Indicator.Measure
    }

    today = timezone.localdate()
    # Border management lags on both indicators; the rule-of-law training keeps pace; fewer
    # asylum applications is a falling path, and the figure is above it.
    assert _lagging(_commitment("vlap", "ბლოკი 2, 2.1"), today) == [True, True]
    assert _lagging(_commitment("eu-aa", "მუხლი 13"), today) == [False, False]
    assert _lagging(_commitment("vlap-post", "COM(2018) 856"), today) == [False, True]
    # On track by its unit's word, yet one indicator lags: the gap analysis still lists it.
    cedaw = _commitment("un-cedaw", "CEDAW/C/GEO/CO/6, პ. 24(ბ)")
    assert cedaw.status == "on_track" and _lagging(cedaw, today) == [False, True]
    # Actuals answer period ends, reported by the unit's focal point where it has one.
    actuals = IndicatorValue.objects.filter(indicator__commitment__responsible_unit__code="academy")
    assert actuals.exists()
    assert {value.reported_by.username for value in actuals} == {"focal"}
    assert all(
        (value.period_end + datetime.timedelta(days=1)).day == 1
        for value in IndicatorValue.objects.all()
    )


def test_reports_accepted_one_waiting_one_returned_and_a_national_report(loaded) -> None:
    reports = Obligation.objects.filter(kind=Obligation.Kind.STATUS_REPORT)
    assert reports.count() == Commitment.objects.count()
    assert ObligationSubmission.objects.filter(
        obligation__kind="status_report", assessment="on_track"
    ).exists()

    waiting = reports.get(state=Obligation.State.SUBMITTED)
    assert waiting.commitment == _commitment("vlap", "ბლოკი 2, 2.1")
    handed_in = waiting.submissions.get(due_date=waiting.due_date)
    assert handed_in.submitted_by.username == "focal2" and handed_in.indicator_values.count() == 2

    returned = reports.get(state=Obligation.State.RETURNED)
    assert returned.commitment == _commitment("vlap", "ბლოკი 3, 3.1")
    assert "პროკურატურის" in returned.logs.get(transition="return_for_revision").comment

    treaty = Obligation.objects.get(
        kind=Obligation.Kind.NATIONAL_REPORT, commitment__framework__code="un-cat"
    )
    assert treaty.project is None and treaty.responsible_unit.code == "ird"
    assert (
        ObligationLog.objects.filter(
            obligation__commitment__isnull=False, transition="accept"
        ).count()
        >= 20
    )


def test_an_overdue_commitment_report_was_escalated_by_the_sweeps(loaded) -> None:
    overdue = status_report_due(_commitment("eu-agenda", "2.3, პოლიციის რეფორმა"))
    assert overdue is not None and overdue.state == Obligation.State.OPEN
    assert overdue.due_date < timezone.localdate()

    escalations = Notification.objects.filter(
        kind="obligation.escalation",
        content_type=ContentType.objects.get_for_model(Obligation),
        object_id=overdue.pk,
        context__due_date=overdue.due_date.isoformat(),
    )
    # The sweeps of the days after its due date climbed the ladder then, not at the load.
    assert escalations.exists()
    assert all(
        timezone.localdate(row.created_at) > overdue.due_date
        and timezone.localdate(row.created_at) < timezone.localdate()
        for row in escalations
    )
    run_all(timezone.now())
    assert (
        Notification.objects.filter(
            kind="obligation.escalation",
            object_id=overdue.pk,
            created_at__gte=timezone.now() - datetime.timedelta(minutes=5),
        ).count()
        <= 1
    )


def test_needs_serve_commitments_donors_match_and_items_compare_side_by_side(loaded) -> None:
    trafficking = Need.objects.get(title="ადამიანით ვაჭრობის მსხვერპლთა იდენტიფიცირება")
    assert trafficking.sector == "15190"
    assert list(trafficking.commitments.all()) == [_commitment("vlap", "ბლოკი 3, 3.1")]
    matches = {match.donor.code: match for match in donor_matches(trafficking)}
    assert {"eu", "iom", "icmpd", "osce"} <= set(matches)
    assert matches["eu"].funded  # the visa-liberalisation monitoring project, sector 15190
    assert {reason.kind for reason in matches["eu"].reasons} == {"framework", "sector"}
    assert DonorPriority.objects.filter(donor__code="nato", framework__code="nato-anp").exists()

    gaps = {(g.commitment.framework.code, g.commitment.reference): g for g in gap_analysis()}
    ecri = gaps[("coe-ecri", "CRI(2016)2, პ. 39")]
    assert ecri.urgency.name == "OFF_TRACK" and not ecri.answered
    answered = gaps[("vlap", "ბლოკი 3, 3.1")]
    assert answered.answers.needs == [trafficking] and answered.answers.opportunities
    # Most urgent first: off track before at risk before lagging.
    urgencies = [gap.urgency for gap in gaps.values()]
    assert urgencies == sorted(urgencies)

    border = commitment_comparison(_commitment("vlap", "ბლოკი 2, 2.1"))
    contributing = [column for column in border.columns if column.contributes]
    assert len(contributing) >= 2
    rule_of_law = commitment_comparison(_commitment("eu-aa", "მუხლი 13"))
    assert len([c for c in rule_of_law.columns if c.contributes]) >= 3
    community = commitment_comparison(_commitment("eu-agenda", "2.3, პოლიციის რეფორმა"))
    assert any(column.kind == "project" and column.contributes for column in community.columns)


SEED_ACTIVITIES = {
    "1.1": ["1.1.1", "1.1.2", "1.1.3"],
    "1.2": ["1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.2.6", "1.2.7", "1.2.8"],
    "3.2.3": ["3.2.3.1", "3.2.3.2"],
}


def test_the_2017_plan_is_the_seeds_excerpt_with_quarterly_status(loaded) -> None:
    plan = ActionPlan.objects.get(year=2017, unit=None)
    sections = dict(plan.sections.values_list("number", "title"))
    assert {"1.1", "1.2", "3.2.3"} <= set(sections)
    assert sections["1.1"] == "დონორული დახმარების მოზიდვა და პროექტების ინიცირება"
    assert sections["1.2"] == "პროექტებისა და პროგრამების მართვა"
    for number, activities in SEED_ACTIVITIES.items():
        assert (
            list(plan.activities.filter(section__number=number).values_list("number", flat=True))
            == activities
        )
    first = plan.activities.get(number="1.1.1")
    assert first.text == (
        "სამინისტროს საჭიროებების იდენტიფიცირება, მისი შემდგომი ანალიზი და პრიორიტეტული "
        "მიმართულებების განსაზღვრა დონორული დახმარების მოზიდვის მიზნით"
    )
    assert first.deadline_text == "2017 წელი"
    assert first.others_involved == "სამინისტროს შესაბამისი დანაყოფები"
    assert first.indicator.startswith("ა) განსაზღვრულია სამინისტროს საჭიროებები")
    assert plan.activities.get(number="1.2.7").others_involved == ""
    vlap = plan.activities.get(number="3.2.3.1")
    assert vlap.responsible_unit.code == "ird-euroatlantic"
    assert vlap.commitments.filter(framework__code="vlap").exists()
    assert plan.activities.get(number="1.2.4").responsible_unit.code == "ird-projects"

    statuses = Counter(
        ActivityReport.objects.filter(activity__plan=plan).values_list("status", flat=True)
    )
    assert {"done", "in_progress", "delayed"} <= set(statuses)
    assert not ActivityReport.objects.filter(
        activity__number="3.2.3.2", activity__plan=plan, quarter=4
    ).exists()
    assert {r.reported_by.username for r in ActivityReport.objects.filter(activity__plan=plan)} == {
        "focal3"
    }


def test_this_years_plans_are_reported_and_the_sweep_chases_an_unreported_quarter(loaded) -> None:
    year = timezone.localdate().year
    this_year = ActionPlan.objects.get(year=year, unit=None)
    assert this_year.copied_from is not None and this_year.copied_from.year == 2017
    assert str(year) in this_year.title
    assert this_year.activities.get(number="1.1.1").deadline_text == f"{year} წელი"
    academy = ActionPlan.objects.get(year=year, unit__code="academy")
    assert academy.activities.filter(commitments__framework__code="eu-aa").exists()
    assert ActivityReport.objects.filter(
        activity__plan=academy, reported_by__username="focal"
    ).exists()

    chased = Activity.objects.get(plan=this_year, number="1.2.5")
    assert chased.next_report_at is not None
    Notification.objects.all().delete()
    run_all(chased.next_report_at)
    assert Notification.objects.filter(
        kind="activity.report_due",
        content_type=ContentType.objects.get_for_model(Activity),
        object_id=chased.pk,
        recipient__username="focal3",
    ).exists()


def test_the_new_pages_work_on_the_demo_data(loaded, client) -> None:
    border = _commitment("vlap", "ბლოკი 2, 2.1")
    trafficking = Need.objects.get(title="ადამიანით ვაჭრობის მსხვერპლთა იდენტიფიცირება")
    plan = ActionPlan.objects.get(year=2017, unit=None)
    client.force_login(User.objects.get(username="coordinator"))
    gaps = client.get(reverse("commitment-gaps"))
    assert gaps.status_code == 200 and "CRI(2016)2" in gaps.content.decode()
    for url in (
        reverse("commitments"),
        reverse("commitment-detail", args=[border.pk]),
        reverse("commitment-comparison", args=[border.pk]),
        reverse("need-comparison", args=[trafficking.pk]),
        reverse("need-detail", args=[trafficking.pk]),
        reverse("action-plans"),
        reverse("action-plan-detail", args=[plan.pk]),
        reverse("action-plan-detail", args=[plan.pk]) + "?export=xlsx",
        reverse("action-plan-detail", args=[plan.pk]) + "?export=pdf",
    ):
        assert client.get(url).status_code == 200, url

    # The Academy's focal point reports on its commitment and on its plan's activities.
    client.force_login(User.objects.get(username="focal"))
    rule_of_law = _commitment("eu-aa", "მუხლი 13")
    assert client.get(reverse("commitment-report", args=[rule_of_law.pk])).status_code == 200
    activity = Activity.objects.filter(plan__unit__code="academy").first()
    assert activity is not None
    assert client.get(reverse("activity-report", args=[activity.pk])).status_code == 200
