"""The "today" list of each role equals what the separate pages show: each source asks
the same selectors as the page that lists its kind in full."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.activities import birthdays
from guanai.benefits import rolls
from guanai.care import plans, worklist
from guanai.care.models import WarningStatus
from guanai.care.warnings import selectors as warnings
from guanai.care.warnings import services as warning_services
from guanai.registry import selectors as registry
from guanai.registry.models import Person
from guanai.reports import monthly
from guanai.today import Task, today_for
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region
from tests.today import support

TODAY = date(2026, 12, 6)


@pytest.fixture(autouse=True)
def _on_a_fixed_day() -> Iterator[None]:
    # The pupils of tests/care/plans_support are born on 5 May: on a fixed day far from it,
    # no birthday of theirs joins a list that a test expects whole.
    with on(TODAY):
        yield


def kinds(user: User) -> dict[str, list[Task]]:
    found: dict[str, list[Task]] = {}
    for task in today_for(user).tasks:
        found.setdefault(task.kind, []).append(task)
    return found


@pytest.fixture
def p(
    region: Region, county_leader: User, township_worker: User, other_township_worker: User
) -> support.People:
    return support.people(region, county_leader, township_worker, other_township_worker)


def _worklist_todo(user: User) -> list[tuple[str, str]]:
    work = worklist.worklist(user, page_size=worklist.URGENCY_SORT_LIMIT)
    return sorted((row.person.name, item.rule.name) for row in work.rows for item in row.todo)


def test_a_class_teachers_due_talks_are_her_work_lists_due_and_overdue_items(
    region: Region, p: support.People
) -> None:
    support.class_of(p, region, 3)
    due = kinds(p.teacher)["care_due"]
    assert sorted((t.subject, t.detail) for t in due) == _worklist_todo(p.teacher)
    assert due and all(t.overdue for t in due)  # no record yet: every rule overdue
    # Each task opens the quick entry filled in with the pupil and the kind, back to today.
    query = parse_qs(urlsplit(due[0].action_url).query)
    assert urlsplit(due[0].action_url).path == reverse("care:record_new")
    assert set(query) == {"person", "kind", "next"}
    assert query["next"] == [reverse("home")]
    # A worker of the school, she is nobody's leader: nothing else.
    assert set(kinds(p.teacher)) == {"care_due"}


def test_a_helpers_today_is_their_due_care_work(region: Region, p: support.People) -> None:
    support.pupils(p.lengqi_worker, region.lengqi_school, p.helper, 2, "surrogate_parent")
    due = kinds(p.helper)["care_due"]
    assert sorted((t.subject, t.detail) for t in due) == _worklist_todo(p.helper)
    assert {t.subject for t in due} == {row.person.name for row in worklist.worklist(p.helper).rows}


def test_warnings_to_decide_are_the_open_warnings_a_leader_acknowledges(
    region: Region, p: support.People
) -> None:
    lengqi = support.class_of(p, region, 2)
    xinglong = support.pupils(
        p.xinglong_worker, region.xinglong_school, p.xinglong_worker, 1, "surrogate_parent"
    )
    for person in [*lengqi, *xinglong]:
        support.warning(person)
    listed = warnings.warnings_search(
        p.county_leader, warnings.WarningFilter(status=WarningStatus.OPEN)
    )
    expected = sorted(w.person.name for w in listed if warnings.can_acknowledge(p.county_leader, w))
    assert sorted(t.subject for t in kinds(p.county_leader)["warning"]) == expected
    assert len(expected) == 3
    # A township leader decides those of the township only; a worker decides none.
    lengqi_leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    assert sorted(t.subject for t in kinds(lengqi_leader)["warning"]) == sorted(
        x.name for x in lengqi
    )
    assert "warning" not in kinds(p.lengqi_worker)
    assert "warning" not in kinds(p.teacher)


def test_risk_levels_to_decide_wait_for_the_leader_of_the_persons_unit(
    region: Region, p: support.People
) -> None:
    (pupil,) = support.class_of(p, region)
    support.risk_proposal(p.teacher, pupil)
    (task,) = kinds(p.county_leader)["risk"]
    assert task.subject == pupil.name
    assert task.action_url == reverse("care:person_care", args=[pupil.pk])
    assert "risk" not in kinds(p.teacher)
    assert "risk" not in kinds(factories.user(unit=region.xinglong, role=Role.LEADER))


def test_rolls_to_approve_are_the_submitted_rolls_the_leader_approves(
    region: Region, p: support.People
) -> None:
    roll = support.submitted_roll(p.lengqi_worker, region.lengqi)
    expected = [
        r
        for r in rolls.rolls_visible(p.county_leader).filter(status="submitted")
        if rolls.can_approve_rolls(p.county_leader, r.org_unit)
    ]
    (task,) = kinds(p.county_leader)["roll"]
    assert [task.action_url] == [reverse("benefits:roll_detail", args=[r.pk]) for r in expected]
    assert task.subject == roll.org_unit.name
    # The worker who submitted it, and another township's leader, approve nothing.
    assert "roll" not in kinds(p.lengqi_worker)
    assert "roll" not in kinds(factories.user(unit=region.xinglong, role=Role.LEADER))


def test_a_clerk_fills_last_months_report_and_the_county_reviews_the_submitted_ones(
    region: Region, p: support.People
) -> None:
    submitted = support.submitted_report(p.xinglong_worker, region.xinglong)
    # 冷碛镇's clerk: its report of last month, not started, with its deadline.
    (fill,) = kinds(p.lengqi_worker)["report_fill"]
    month = support.last_month()
    assert fill.subject == region.lengqi.name
    assert fill.action_url == reverse("reports:month", args=[region.lengqi.pk, f"{month:%Y-%m}"])
    deadline = monthly.deadline_of(month, monthly.deadline_day(region.lengqi))
    assert fill.when == deadline
    assert fill.overdue == (timezone.localdate() > deadline)
    # Every reminder the report pages show is on today as well.
    reminded = {r.unit.name for r in monthly.reminders_due(p.lengqi_worker)}
    assert reminded <= {t.subject for t in kinds(p.lengqi_worker)["report_fill"]}
    # 兴隆镇 submitted: nothing left to fill there; the county reviews it.
    assert "report_fill" not in kinds(p.xinglong_worker)
    reviewable = [
        r
        for r in monthly.reports_visible(p.county_leader)
        if monthly.may_review(p.county_leader, r)
    ]
    assert [t.action_url for t in kinds(p.county_leader)["report_review"]] == [
        reverse("reports:report", args=[r.pk]) for r in reviewable
    ]
    assert reviewable == [submitted]
    assert "report_review" not in kinds(p.lengqi_worker)


def test_transfers_to_accept_are_the_incoming_transfers(region: Region, p: support.People) -> None:
    (moving,) = support.pupils(
        p.xinglong_worker, region.xinglong_school, p.xinglong_worker, 1, "surrogate_parent"
    )
    support.transfer(p.xinglong_worker, moving, region.lengqi_school)
    incoming = [t.person.name for t in registry.transfers_incoming(p.lengqi_worker)]
    assert [t.subject for t in kinds(p.lengqi_worker)["transfer"]] == incoming == [moving.name]
    assert "transfer" not in kinds(p.xinglong_worker)


def test_plans_to_approve_and_plans_to_review(region: Region, p: support.People) -> None:
    first, second = support.class_of(p, region, 2)
    support.draft_plan(p.teacher, first)
    support.overdue_plan(p.teacher, p.county_leader, second)
    waiting = plans.plans_search(p.county_leader, plans.PlanFilter(waiting=True))
    assert [t.subject for t in kinds(p.county_leader)["plan_approve"]] == [
        plan.person.name for plan in waiting
    ]
    (review,) = kinds(p.teacher)["plan_review"]
    assert review.subject == second.name
    assert review.overdue
    assert "plan_review" not in kinds(p.county_leader)  # not responsible for it


def test_the_most_urgent_come_first_and_a_long_kind_is_counted(
    region: Region, p: support.People
) -> None:
    support.class_of(p, region, 12)
    day = today_for(p.teacher)
    assert [t.urgency for t in day.tasks] == sorted(t.urgency for t in day.tasks)
    (batch,) = day.batches
    assert len(batch.tasks) == 10
    assert batch.total == len(_worklist_todo(p.teacher))
    assert day.more == [batch]
    assert batch.all_url == reverse("care:worklist")


def test_the_admin_roles_get_their_own_tasks_and_no_person(
    region: Region,
    p: support.People,
    county_sysadmin: User,
    county_secadmin: User,
    county_auditor: User,
) -> None:
    support.class_of(p, region, 2)
    for person in support.class_of(p, region):
        support.warning(person)
    from guanai.accounts import services as account_services

    account_services.account_create(
        acting_user=county_sysadmin,
        username="clerk",
        full_name="李",
        org_unit=region.lengqi,
        role=Role.WORKER,
    )
    assert set(kinds(county_secadmin)) == {"role"}
    assert kinds(county_secadmin)["role"][0].subject == "李"
    assert kinds(county_sysadmin) == {}
    assert kinds(county_auditor) == {}
    # The county leader approves the role too.
    assert [t.subject for t in kinds(p.county_leader)["role"]] == ["李"]


def test_a_warning_given_as_a_task_is_on_the_assignees_today(
    region: Region, p: support.People
) -> None:
    pupils = support.pupils(p.lengqi_worker, region.lengqi_school, p.helper, 2, "surrogate_parent")
    given, other = (support.warning(person) for person in pupils)
    due = timezone.localdate() + timedelta(days=3)
    warning_services.warning_assign(
        acting_user=p.county_leader, warning=given, assignee=p.helper, note="上门看看", due_on=due
    )
    tasks = kinds(p.helper)["warning_task"]
    # The same warnings, in the same order, as the selector the warnings pages use.
    assert [t.subject for t in tasks] == [w.person.name for w in warnings.assigned_to(p.helper)]
    (task,) = tasks
    assert (task.subject, task.detail, task.when) == (given.person.name, "上门看看", due)
    assert task.action_url == reverse("care:warning_close", args=[given.pk])
    # Nobody else gets it as a task; the leader still decides the other one.
    assert "warning_task" not in kinds(p.county_leader)
    assert "warning_task" not in kinds(p.teacher)
    assert other.person.name in {t.subject for t in kinds(p.county_leader)["warning"]}


def test_the_birthdays_of_the_coming_week_of_the_persons_paired_with_the_user(
    region: Region, p: support.People
) -> None:
    # Given three pupils of the class teacher: birthdays in 3 days, in 8 days, and one
    # kept by the lunar calendar (the 11th month's 2nd: 2026-12-10)
    soon, later, by_moon = support.class_of(p, region, 3)
    for pupil, born in ((soon, date(2016, 12, 9)), (later, date(2016, 12, 14))):
        Person.objects.filter(pk=pupil.pk).update(birth_date=born)
    birthdays.lunar_birthday_set(acting_user=p.lengqi_worker, person=by_moon, month=11, day=2)

    coming = kinds(p.teacher)["birthday"]

    assert [(t.subject, t.when) for t in coming] == [
        (soon.name, date(2026, 12, 9)),
        (by_moon.name, date(2026, 12, 10)),
    ]
    assert coming[0].action_url.startswith(reverse("activities:birthdays") + "?month=2026-12")
    # A celebrated birthday leaves the list; nobody else's pupils are on it.
    birthdays.celebration_record(acting_user=p.teacher, person=soon, year=2026, how="card")
    assert [t.subject for t in kinds(p.teacher)["birthday"]] == [by_moon.name]
    assert "birthday" not in kinds(p.helper)


def test_a_helpers_survey_cases_still_to_ask_are_on_their_today(
    region: Region, p: support.People
) -> None:
    from guanai.surveys import rounds
    from guanai.surveys.answers import answers_save
    from guanai.surveys.models import Case
    from tests.surveys.support import small_form

    pupils = support.class_of(p, region, 3)
    survey = rounds.round_create(
        acting_user=p.lengqi_worker,
        unit=region.lengqi,
        title="冬季摸底排查",
        form=small_form(),
        starts_on=TODAY - timedelta(days=10),
        ends_on=TODAY + timedelta(days=20),
    )
    cases = list(Case.objects.filter(round=survey, person__in=pupils).order_by("pk"))
    rounds.cases_assign(
        acting_user=p.lengqi_worker,
        round_=survey,
        case_ids=[c.pk for c in cases],
        assignee=p.helper,
    )
    answers_save(
        acting_user=p.helper,
        case=cases[0],
        key=uuid.uuid4(),
        answers={"guardian": "none", "contact": "weekly"},
        complete=True,
        saved_at=timezone.now(),
    )
    due = kinds(p.helper)["survey_case"]
    assert sorted(t.subject for t in due) == sorted(c.name for c in cases[1:])
    assert {t.action_url for t in due} == {
        reverse("surveys:case_fill", args=[c.pk]) for c in cases[1:]
    }
    assert not any(t.overdue for t in due)
    assert "survey_case" not in kinds(p.teacher)
    rounds.round_close(acting_user=p.lengqi_worker, round_=survey)
    assert "survey_case" not in kinds(p.helper)
