"""The opportunities' year: a coordination meeting every month with its minutes, and each item
identified, put on an agenda, presented, decided, taken to the donor, monitored and closed on
the days a real office would have, through the real services (``demo.diary`` sets the clock).

A monitored item's project owes its donor a quarterly report: handed in on time, late, or not
at all, and accepted by the department.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from core.models import Donor, OrganisationalUnit, User
from demo import data
from demo.commitments import reporter, serving_kpis
from demo.diary import Diary
from projects.models import Obligation, Project
from projects.recurrence import add_months
from projects.services.obligations import obligation_create, obligation_transition
from workflow import services
from workflow.models import AgendaItem, CoordinationMeeting, DonorCommunication, Opportunity
from workflow.services import meetings as meetings_service
from workflow.services import records

LIFECYCLE_ORDER = [
    Opportunity.State.IDENTIFIED,
    Opportunity.State.PRESENTED,
    Opportunity.State.APPROVED,
    Opportunity.State.IN_COMMUNICATION,
    Opportunity.State.MONITORED,
    Opportunity.State.CLOSED,
    Opportunity.State.REJECTED,
]
CLOSING_PATHS = ["completed", "not_funded", "withdrawn"]

# How many days before the load day an item that ends in each state was identified: the
# further along it is, the earlier it began, so each path fits in the year.
IDENTIFIED_AGO = {
    "identified": (12, 100),
    "presented": (45, 110),
    "approved": (100, 220),
    "in_communication": (150, 260),
    "monitored": (200, 330),
    "rejected": (60, 300),
    "completed": (300, 355),
    "not_funded": (190, 320),
    "withdrawn": (30, 200),
}
MEETING_EVERY_DAYS = 30
PAST_MEETINGS = 12
PLACES = ["შსს, საკონფერენციო დარბაზი", "შსს აკადემია", "შსს, ოთახი 301"]
ATTENDING = ("academy", "border-police")
# Hours of the meeting day: it starts, outcomes are recorded, the general notes are written.
MEETING_HOUR, RECORDING_HOUR, NOTES_HOUR = 11, 15, 16


class Meetings:
    """The year's meetings by day, filled in as the diary schedules them."""

    def __init__(self, diary: Diary) -> None:
        self.diary = diary
        self.days = [
            diary.working_day(diary.ago(14 + MEETING_EVERY_DAYS * back), before=True)
            for back in range(PAST_MEETINGS - 1, -1, -1)
        ]
        self.upcoming_day = diary.working_day(diary.today + datetime.timedelta(days=16))
        self.held: dict[datetime.date, CoordinationMeeting] = {}

    def first_from(self, day: datetime.date) -> datetime.date | None:
        """The first past meeting on or after ``day``."""
        return next((held for held in self.days if held >= day), None)

    def after(self, day: datetime.date) -> datetime.date | None:
        return next((held for held in self.days if held > day), None)

    def plan(self, coordinator: User, units: dict[str, OrganisationalUnit]) -> None:
        attending = [units[code] for code in ATTENDING]
        for number, day in enumerate([*self.days, self.upcoming_day]):
            scheduled = day - datetime.timedelta(days=21)
            self.diary.on(
                min(scheduled, self.diary.ago(3)),
                self._schedule(day, PLACES[number % len(PLACES)], coordinator, attending),
                hour=9,
            )
            if day > self.diary.last_day():
                continue
            self.diary.on(day, self._notes(day, coordinator), hour=NOTES_HOUR)

    def _schedule(
        self,
        day: datetime.date,
        place: str,
        coordinator: User,
        attending: list[OrganisationalUnit],
    ) -> Callable[[], None]:
        def schedule() -> None:
            starts_at = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(MEETING_HOUR))
            )
            self.held[day] = meetings_service.meeting_schedule(
                user=coordinator,
                fields={
                    "title": f"საკოორდინაციო შეხვედრა {day:%d.%m.%Y}",
                    "starts_at": starts_at,
                    "place": place,
                },
                attendee_units=attending,
            )

        return schedule

    def _notes(self, day: datetime.date, coordinator: User) -> Callable[[], None]:
        def notes() -> None:
            # Read afresh: recording the outcomes set when its minutes go out.
            meeting = CoordinationMeeting.objects.get(pk=self.held[day].pk)
            presented = meeting.agenda_items.filter(outcome=AgendaItem.Outcome.PRESENTED).count()
            meetings_service.meeting_update(
                meeting=meeting,
                user=coordinator,
                fields={
                    "summary": f"განხილულია {presented} შესაძლებლობა. ერთეულებმა წარმოადგინეს "
                    "საჭიროებების დასაბუთება; დეპარტამენტი მოამზადებს რეკომენდაციებს "
                    "ხელმძღვანელობისთვის."
                },
            )

        return notes


class LivedItem:
    """One opportunity's year: the days of its moves, each written in the diary."""

    def __init__(
        self,
        index: int,
        row: tuple[str, str, str, str, str, str, str],
        diary: Diary,
        meetings: Meetings,
        people: dict[str, User],
    ) -> None:
        self.index, self.row, self.diary, self.meetings = index, row, diary, meetings
        self.title, _, _, self.unit_code, _, _, _ = row
        self.target = LIFECYCLE_ORDER[index % len(LIFECYCLE_ORDER)]
        self.closing = CLOSING_PATHS[(index // len(LIFECYCLE_ORDER)) % len(CLOSING_PATHS)]
        self.coordinator, self.minister = people["coordinator"], people["minister"]
        self.author = {"academy": people["focal"], "border-police": people["focal2"]}.get(
            self.unit_code, self.coordinator
        )
        self.pk = 0
        self._last: tuple[datetime.date, int] = (datetime.date.min, 0)

    def on(self, day: datetime.date, action: Callable[[], None], hour: int = 11) -> None:
        """Write the item's next move; a move the year's end squeezed onto the day of the one
        before it comes an hour after that one."""
        if (day, hour) <= self._last:
            day, hour = self._last[0], self._last[1] + 1
        self._last = (day, hour)
        self.diary.on(day, action, hour=hour)

    @property
    def path(self) -> str:
        return self.closing if self.target == Opportunity.State.CLOSED else self.target

    def opportunity(self) -> Opportunity:
        return Opportunity.objects.get(pk=self.pk)

    def step(
        self, name: str, user: User, comment: str = "", **inputs: object
    ) -> Callable[[], None]:
        def move() -> None:
            services.opportunity_transition(
                opportunity=self.opportunity(),
                user=user,
                name=name,
                comment=comment,
                **inputs,  # type: ignore[arg-type]
            )

        return move

    def plan(
        self,
        donors: dict[str, Donor],
        units: dict[str, OrganisationalUnit],
    ) -> None:
        low, high = IDENTIFIED_AGO[self.path]
        identified = self.diary.working_day(self.diary.ago(self.diary.random.randint(low, high)))
        self.on(identified, self._create(identified, donors, units), hour=10)
        if self.target == Opportunity.State.IDENTIFIED:
            if self.index % 2 == 0:  # some already wait on the next meeting's agenda
                self.on(self.diary.ago(2), self._on_agenda(self.meetings.upcoming_day))
            return
        if self.path == "withdrawn":
            self.on(
                self.diary.later(identified, 10, 60),
                self.step("withdraw", self.coordinator, "ერთეულმა პრიორიტეტი შეცვალა."),
            )
            return
        presented = self._present(identified)
        if self.target == Opportunity.State.PRESENTED:
            return
        decided = self.diary.later(presented, 3, 21)
        if self.target == Opportunity.State.REJECTED:
            comment = "არ შეესაბამება სამინისტროს მიმდინარე პრიორიტეტებს."
            self.on(decided, self.step("reject", self.minister, comment), hour=17)
            return
        self.on(decided, self.step("approve", self.minister, "მხარდაჭერილია."), hour=17)
        if self.target == Opportunity.State.APPROVED:
            return
        talking = self.diary.later(decided, 2, 12)
        self.on(talking, self.step("start_donor_communication", self.author))
        self._contacts(talking)
        if self.target == Opportunity.State.IN_COMMUNICATION:
            return
        if self.path == "not_funded":
            self.on(
                self.diary.later(talking, 25, 70),
                self.step("mark_not_funded", self.coordinator, "დონორმა განაცხადი არ დააფინანსა."),
                hour=16,
            )
            return
        funded = self.diary.later(talking, 25, 60)
        self.on(funded, self._monitor(funded), hour=16)
        if self.target == Opportunity.State.MONITORED:
            self._quarterly_reports(funded, units)
            return
        self.on(
            self.diary.later(funded, 60, 120),
            self.step("close", self.coordinator, "პროექტი დასრულდა, საბოლოო ანგარიში მიღებულია."),
        )

    def _create(
        self,
        identified: datetime.date,
        donors: dict[str, Donor],
        units: dict[str, OrganisationalUnit],
    ) -> Callable[[], None]:
        title, kind, donor, unit, need, value, currency = self.row
        deadline = identified + datetime.timedelta(days=self.diary.random.randint(40, 160))

        def create() -> None:
            self.pk = services.opportunity_create(
                user=self.author,
                fields={
                    "title": title,
                    "description": f"{title}. მოკლე აღწერა დემონსტრაციისთვის.",
                    "kind": kind,
                    "donor": donors[donor],
                    "owning_unit": units[unit],
                    "estimated_value": Decimal(value),
                    "currency": currency,
                    "application_deadline": deadline,
                    "need": need,
                    "expected_results": "გაუმჯობესებული შესაძლებლობები და გადამზადებული თანამშრომლები.",
                },
                beneficiary_units=[units[unit]],
                kpis=[
                    {
                        "name": "გადამზადებული თანამშრომლების რაოდენობა",
                        "unit": "პირი",
                        "baseline": Decimal(0),
                        "target": Decimal(20 + self.index),
                    },
                    # Some items say what they expect to contribute to a commitment's indicator.
                    *serving_kpis(title),
                ],
            ).pk

        return create

    def _on_agenda(self, meeting_day: datetime.date) -> Callable[[], None]:
        def add() -> None:
            meetings_service.agenda_add(
                meeting=self.meetings.held[meeting_day],
                opportunity=self.opportunity(),
                user=self.coordinator,
            )

        return add

    def _record(self, meeting_day: datetime.date, outcome: str, notes: str) -> Callable[[], None]:
        def record() -> None:
            meeting = self.meetings.held[meeting_day]
            meetings_service.agenda_record(
                item=meeting.agenda_items.get(opportunity_id=self.pk),
                user=self.coordinator,
                outcome=outcome,
                notes=notes,
                ird_recommendation=data.IRD_RECOMMENDATIONS.get(self.title, data.IRD_RECOMMENDATION)
                if outcome == AgendaItem.Outcome.PRESENTED
                else "",
            )

        return record

    def _present(self, identified: datetime.date) -> datetime.date:
        """Put on the agenda of the first meeting after the unit prepared it, presented there
        (some deferred once, presented at the next); the day it was presented."""
        ready = identified + datetime.timedelta(days=self.diary.random.randint(7, 20))
        meeting_day = self.meetings.first_from(ready) or self.meetings.days[-1]
        later_meeting = self.meetings.after(meeting_day)
        if self.index % 6 == 1 and later_meeting is not None:
            self._agenda(identified, meeting_day)
            self.on(
                meeting_day,
                self._record(
                    meeting_day,
                    AgendaItem.Outcome.DEFERRED,
                    "ერთეულმა ბიუჯეტის დაზუსტება ითხოვა; განხილვა გადაიდო მომდევნო შეხვედრაზე.",
                ),
                hour=RECORDING_HOUR,
            )
            # Back on the agenda from the day after, for the next meeting.
            identified = meeting_day + datetime.timedelta(days=1)
            meeting_day = later_meeting
        self._agenda(identified, meeting_day)
        self.on(
            meeting_day,
            self._record(
                meeting_day,
                AgendaItem.Outcome.PRESENTED,
                "საჭიროება დასაბუთებულია, ერთეულები მხარს უჭერენ.",
            ),
            hour=RECORDING_HOUR,
        )
        return meeting_day

    def _agenda(self, ready: datetime.date, meeting_day: datetime.date) -> None:
        added = meeting_day - datetime.timedelta(days=self.diary.random.randint(2, 8))
        self.on(max(added, ready), self._on_agenda(meeting_day), hour=12)

    def _contacts(self, talking: datetime.date) -> None:
        """A first meeting with the donor; for items still talking, a later contact whose next
        step is due soon, or (every other one) slipped days or weeks ago."""
        first = self.diary.later(talking, 3, 15)
        self._contact(
            first,
            "გაცნობითი შეხვედრა დონორის წარმომადგენლებთან; დონორი ითხოვს დეტალურ ბიუჯეტს.",
            "დეტალური ბიუჯეტის გაგზავნა",
            first + datetime.timedelta(days=21),
        )
        if self.target != Opportunity.State.IN_COMMUNICATION:
            return
        if self.index % 2:
            due = self.diary.ago(self.diary.random.randint(3, 30))
        else:
            due = self.diary.today + datetime.timedelta(days=self.diary.random.randint(5, 25))
        second = max(first, min(self.diary.later(first, 14, 40), due))
        self._contact(
            second,
            "დონორს გაეგზავნა დაზუსტებული ბიუჯეტი; ველოდებით შენიშვნებს.",
            "დონორის შენიშვნების განხილვა",
            due,
        )

    def _contact(
        self, day: datetime.date, summary: str, next_step: str, due: datetime.date
    ) -> None:
        def log() -> None:
            records.communication_log_add(
                opportunity=self.opportunity(),
                user=self.author,
                occurred_on=day,
                channel=DonorCommunication.Channel.MEETING,
                summary=summary,
                next_step=next_step,
                next_step_due=max(due, day),
            )

        self.on(day, log, hour=14)

    def _monitor(self, funded: datetime.date) -> Callable[[], None]:
        def monitor() -> None:
            opportunity = self.opportunity()
            services.opportunity_transition(
                opportunity=opportunity,
                user=self.author,
                name="start_monitoring",
                confirmed_amount=opportunity.estimated_value,
                confirmed_currency=opportunity.currency,
                funding_start_date=funded,
            )

        return monitor

    def _quarterly_reports(
        self, funded: datetime.date, units: dict[str, OrganisationalUnit]
    ) -> None:
        """The project owes its donor a report each quarter from the funding start: each one
        handed in on time or late and accepted; the latest one due may still be missing."""
        unit = units[self.unit_code]
        recorded = self.diary.later(funded, 2, 8)
        first_due = add_months(funded, 3)

        def record() -> None:
            obligation_create(
                project=Project.objects.get(opportunity_id=self.pk),
                user=self.coordinator,
                fields={
                    "kind": Obligation.Kind.NARRATIVE_REPORT,
                    "description": "კვარტალური ანგარიში დონორისთვის",
                    "responsible_unit": unit,
                    "due_date": first_due,
                    "recurrence": Obligation.Recurrence.QUARTERLY,
                },
            )

        self.on(recorded, record, hour=17)
        due, period = first_due, 0
        while due <= self.diary.last_day():
            following = add_months(due, 3, anchor_day=first_due.day)
            latest = following > self.diary.last_day()
            if latest and self.index % 3 == 0:
                break  # not handed in: overdue, and the escalation ladder climbs
            if (self.index + period) % 3 == 1 or (latest and self.index % 3 == 1):
                handed_in = self.diary.later(due, 3, 20)  # late
            else:
                early = datetime.timedelta(days=self.diary.random.randint(0, 6))
                handed_in = max(recorded, self.diary.working_day(due - early, before=True))
            self.on(handed_in, self._submit(unit, period), hour=15)
            self.on(self.diary.later(handed_in, 1, 6), self._accept(), hour=12)
            due, period = following, period + 1

    def _submit(self, unit: OrganisationalUnit, period: int) -> Callable[[], None]:
        def submit() -> None:
            obligation = Obligation.objects.get(project__opportunity_id=self.pk)
            obligation_transition(
                obligation=obligation,
                user=reporter(unit, self.coordinator),
                name="submit",
                report=f"{period + 1}-ე კვარტლის ნარატიული ანგარიში: აქტივობები გეგმის მიხედვით "
                "მიმდინარეობს.",
            )

        return submit

    def _accept(self) -> Callable[[], None]:
        def accept() -> None:
            obligation = Obligation.objects.get(project__opportunity_id=self.pk)
            obligation_transition(obligation=obligation, user=self.coordinator, name="accept")

        return accept


def plan_opportunities(
    diary: Diary,
    units: dict[str, OrganisationalUnit],
    donors: dict[str, Donor],
    users: dict[str, User],
) -> str:
    """Write the year of the opportunities and meetings in the diary, unless the register
    already holds the demo's opportunities (the year is lived once)."""
    titles = {row[0] for row in data.OPPORTUNITIES}
    present = Opportunity.objects.filter(title__in=titles).count()
    if present:
        return f"{present} demo opportunities already present; their year is not written again."
    meetings = Meetings(diary)
    meetings.plan(users["coordinator"], units)
    for index, row in enumerate(data.OPPORTUNITIES):
        LivedItem(index, row, diary, meetings, users).plan(donors, units)
    return (
        f"{len(data.OPPORTUNITIES)} opportunities and {PAST_MEETINGS + 1} meetings over the year."
    )
