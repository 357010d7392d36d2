"""The activities demo: plans, past events with attendance, upcoming ones with a waiting
list, lunar birthdays (some in a leap month) and celebrated birthdays (issue 15, point 8).

The whole demo takes seconds to build, so it is built once for this module inside a
transaction rolled back at the end (as Django's ``TestCase.setUpTestData`` does); each
test runs in a savepoint of its own within it.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from guanai.accounts.models import User
from guanai.activities.birthdays import birthdays_of_month
from guanai.activities.events import not_joined, term_of
from guanai.activities.events.coverage import totals
from guanai.activities.models.birthdays import Celebration, LunarBirthday
from guanai.activities.models.events import Attendance, Enrolment, EnrolmentState, Event
from guanai.activities.models.plans import ActivityPlan, PlanStatus
from guanai.activities.plans import TEMPLATES, school_year_of
from guanai.core.months import add_months
from guanai.ops.demo import demo_activities
from guanai.ops.demo.activities import (
    DRAFT_UNIT,
    LEFT_OUT,
    PLAN_UNITS,
    UPCOMING,
    WAITING,
    celebration_months,
    children_of,
    past_days,
)
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.reports import kpis
from guanai.reports.facts import facts_of

pytestmark = pytest.mark.xdist_group("demo")  # one build for the package (conftest)


@pytest.fixture
def units(demo: dict[str, OrgUnit]) -> dict[str, OrgUnit]:
    return demo


def test_a_plan_for_this_school_year_in_each_school_and_the_kindergarten(
    units: dict[str, OrgUnit],
) -> None:
    year = school_year_of(timezone.localdate())
    for key, template in PLAN_UNITS.items():
        plan = ActivityPlan.objects.get(org_unit=units[key])
        assert (plan.school_year, plan.template_code) == (year, template)
        assert plan.title == TEMPLATES[template].name
        assert plan.items.count() == len(TEMPLATES[template].items)
        wanted = PlanStatus.DRAFT if key == DRAFT_UNIT else PlanStatus.PUBLISHED
        assert plan.status == wanted, key
    assert ActivityPlan.objects.count() == len(PLAN_UNITS)


def test_past_events_have_attendance_and_a_few_special_pupils_joined_nothing(
    units: dict[str, OrgUnit],
) -> None:
    today = timezone.localdate()
    days = past_days(today)
    assert all(day < today for day in days)
    term = term_of(days[-1])
    principal = User.objects.get(username="principal")  # leader of 冷碛镇中心小学
    school = units["lengqi_school"]
    past = Event.objects.filter(org_unit=school, starts_at__lt=timezone.now())
    assert past.count() == 3
    for event in past:
        present = Attendance.objects.filter(event=event, present=True).count()
        absent = Attendance.objects.filter(event=event, present=False).count()
        assert present >= 8 * absent > 0, event.title  # one in ten absent
        assert Enrolment.objects.filter(event=event).count() == present + absent
    # The coverage page's list: special-group pupils who joined nothing this term — a few,
    # each of them enrolled in no past event, and everyone else present at least once.
    missing = list(not_joined(principal, school, term))
    assert 1 <= len(missing) <= LEFT_OUT
    assert not Enrolment.objects.filter(
        person__in=missing, event__starts_at__lt=timezone.now()
    ).exists()
    share = totals(principal, school, term)
    assert share.joined == share.total - len(missing)
    assert share.percent >= 95
    # Every unit with a plan held its three past events.
    for key in PLAN_UNITS:
        held = Event.objects.filter(org_unit=units[key], starts_at__lt=timezone.now())
        assert held.count() == 3, key


def test_upcoming_events_are_full_with_a_waiting_list_by_priority(
    units: dict[str, OrgUnit],
) -> None:
    for key, title, _kind, _ahead, places in UPCOMING:
        event = Event.objects.get(org_unit=units[key], title=title)
        assert event.starts_at > timezone.now()
        assert event.capacity == places
        enrolled = Enrolment.objects.filter(event=event, state=EnrolmentState.ENROLLED)
        waiting = Enrolment.objects.filter(event=event, state=EnrolmentState.WAITING)
        assert (enrolled.count(), waiting.count()) == (places, WAITING)
        # Places went by priority: no one waiting ranks before anyone placed.
        worst_placed = max(enrolled.values_list("priority_rank", flat=True))
        assert min(waiting.values_list("priority_rank", flat=True)) >= worst_placed
        assert not Attendance.objects.filter(event=event).exists()


def test_a_tenth_of_the_children_keep_a_lunar_birthday_some_in_a_leap_month(
    units: dict[str, OrgUnit],
) -> None:
    today = timezone.localdate()
    children = Person.objects.filter(
        archived_at__isnull=True, birth_date__gt=today.replace(year=today.year - 18, day=1)
    )
    kept = LunarBirthday.objects.filter(person__in=children)
    assert kept.count() == LunarBirthday.objects.count()
    assert 0.09 <= kept.count() / children.count() <= 0.11
    leap = kept.filter(is_leap=True)
    assert 3 <= leap.count() <= 8
    # The month list shows them as lunar birthdays on their converted day.
    teacher = User.objects.get(username="township_worker")
    lunar_found = [
        b
        for month in range(1, 13)
        for b in birthdays_of_month(teacher, today.replace(month=month, day=1))
        if b.is_lunar
    ]
    assert lunar_found
    ours = set(kept.values_list("person_id", flat=True))
    assert all(b.person.pk in ours for b in lunar_found)


def test_most_past_birthdays_are_celebrated_lunar_ones_too(units: dict[str, OrgUnit]) -> None:
    today = timezone.localdate()
    spans = celebration_months(today)
    celebrations = Celebration.objects.all()
    assert celebrations.count() > 100
    assert all(spans[0][0] <= c.on < today for c in celebrations)
    assert celebrations.filter(lunar=True).exists()
    lunar_persons = set(LunarBirthday.objects.values_list("person_id", flat=True))
    for c in celebrations:
        assert c.lunar == (c.person_id in lunar_persons)
    # Some birthdays of last month were left uncelebrated: the list shows work to do.
    leader = User.objects.get(username="county_leader")
    last_month = spans[-2][0] if today.day > 1 else spans[-1][0]
    adult_born = today.replace(year=today.year - 18, day=1)
    listed = [
        b
        for b in birthdays_of_month(leader, last_month)
        if b.person.birth_date and b.person.birth_date > adult_born
    ]
    done = [b for b in listed if b.celebration is not None]
    assert 0 < len(done) < len(listed)


def test_running_it_again_adds_nothing(units: dict[str, OrgUnit]) -> None:
    before = [
        m.objects.count()
        for m in (ActivityPlan, Event, Enrolment, Attendance, LunarBirthday, Celebration)
    ]
    assert demo_activities(units) == 0
    after = [
        m.objects.count()
        for m in (ActivityPlan, Event, Enrolment, Attendance, LunarBirthday, Celebration)
    ]
    assert after == before
    assert children_of(units["kindergarten"]).exists()


def test_the_county_kpis_show_participation_and_birthdays(units: dict[str, OrgUnit]) -> None:
    county = units["luding"]
    today = timezone.localdate()
    last_month = add_months(today.replace(day=1), -1)
    # The month of the last past event (this month, unless the term has just begun).
    held = past_days(today)[-1].replace(day=1)
    this = {v.kpi.code: v for v in kpis.kpi_values(facts_of(county, held), {})}[
        "activity_participation"
    ]
    # The pupils of the schools and the kindergarten joined; the villages' persons did not.
    assert this.denominator and 0 < this.numerator < this.denominator
    rate = {v.kpi.code: v for v in kpis.kpi_values(facts_of(county, last_month), {})}[
        "birthday_rate"
    ]
    assert rate.value is not None and 50 < rate.value < 100
