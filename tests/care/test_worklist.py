"""The work list: each person's rules this week across week, month and year boundaries,
the helper's own quota, who is on the list, and a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from guanai.accounts.models import User
from guanai.care import rules as care_rules
from guanai.care import worklist
from guanai.care.models import CareKind, HelperRole, Period, RiskAssessment, RiskLevel
from guanai.care.periods import Status, tally_of_dates
from guanai.core.paging import PAGE_SIZE
from guanai.registry.models import Category, Person
from tests.care.log_support import on, pair, pupil, record, rule, zh
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


def _status(user: User, person: Person, code: str, today: date) -> Status:
    work = worklist.worklist(user, today=today)
    row = next(r for r in work.rows if r.person == person)
    return next(i.status for i in row.items if i.rule.code == code)


@pytest.fixture
def child(region: Region, school_helper: User) -> Person:
    person = pupil(region.lengqi_school, "李小花", categories=(Category.LEFT_BEHIND,))
    pair(person, school_helper)
    return person


def test_a_talk_on_sunday_counts_for_its_week_not_the_next(
    region: Region, school_helper: User, child: Person
) -> None:
    rule(region.county, "weekly-talk", period=Period.WEEK, kinds="talk")
    record(school_helper, [child], CareKind.TALK, date(2026, 12, 27))  # a Sunday

    assert _status(school_helper, child, "weekly-talk", date(2026, 12, 27)) == Status.DONE
    assert _status(school_helper, child, "weekly-talk", date(2026, 12, 28)) == Status.DUE
    assert _status(school_helper, child, "weekly-talk", date(2027, 1, 4)) == Status.OVERDUE


def test_the_first_of_january_starts_a_new_year(
    region: Region, school_helper: User, child: Person
) -> None:
    rule(region.county, "visit", period=Period.YEAR, kinds="home_visit,condolence_visit")
    unvisited = pupil(region.lengqi_school, "王小明")
    pair(unvisited, school_helper)
    record(school_helper, [child], CareKind.CONDOLENCE_VISIT, date(2026, 12, 31))
    # A talk is not a visit: it does not count for the rule.
    record(school_helper, [unvisited], CareKind.TALK, date(2026, 12, 31))

    assert _status(school_helper, child, "visit", date(2026, 12, 31)) == Status.DONE
    assert _status(school_helper, child, "visit", date(2027, 1, 1)) == Status.DUE
    assert _status(school_helper, unvisited, "visit", date(2026, 12, 31)) == Status.OVERDUE
    assert _status(school_helper, unvisited, "visit", date(2027, 1, 1)) == Status.OVERDUE


def test_a_monthly_call_on_the_leap_day_counts_for_february(
    region: Region, school_helper: User, child: Person
) -> None:
    rule(region.county, "call", period=Period.MONTH, kinds="family_call", category="left_behind")
    record(
        school_helper, [child], CareKind.FAMILY_CALL, date(2028, 2, 29), parent="mother", minutes=8
    )

    assert _status(school_helper, child, "call", date(2028, 2, 29)) == Status.DONE
    assert _status(school_helper, child, "call", date(2028, 3, 1)) == Status.DUE
    assert _status(school_helper, child, "call", date(2028, 4, 1)) == Status.OVERDUE


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2028, 2, 21), Status.DONE),  # 8 days before the deadline
        (date(2028, 2, 22), Status.DUE),  # 7 days before
        (date(2028, 2, 29), Status.DUE),  # the deadline, 28 days on (a leap year)
        (date(2028, 3, 1), Status.OVERDUE),
    ],
)
def test_a_rolling_28_days_rule_is_due_in_its_last_week(
    region: Region, school_helper: User, child: Person, today: date, status: Status
) -> None:
    care_rules.seed_default_rules(region.county)
    record(school_helper, [child], CareKind.TALK, date(2028, 2, 1))
    record(school_helper, [child], CareKind.HOME_VISIT, date(2028, 2, 20))  # not a talk

    assert _status(school_helper, child, "talk-every-4-weeks", today) == status


def test_the_aggregate_agrees_with_counting_the_dates(
    region: Region, school_helper: User, child: Person
) -> None:
    days = [
        date(2025, 12, 31),
        date(2026, 1, 1),
        date(2026, 11, 30),
        date(2026, 12, 1),
        date(2026, 12, 20),
        date(2026, 12, 21),
        date(2026, 12, 27),
        date(2026, 12, 28),
    ]
    for day in days:
        record(school_helper, [child], CareKind.TALK, day)
    today = date(2026, 12, 28)

    tallies = worklist.contact_tallies([child.pk], today)

    assert tallies[child.pk][CareKind.TALK] == tally_of_dates(days, today)


def test_a_high_risk_person_must_be_contacted_weekly(
    region: Region, school_helper: User, child: Person
) -> None:
    care_rules.seed_default_rules(region.county)
    calm = pupil(region.lengqi_school, "王小明")
    pair(calm, school_helper)
    RiskAssessment.objects.create(
        person=child, level=RiskLevel.HIGH, reason="情绪低落", current=True
    )
    RiskAssessment.objects.create(person=calm, level=RiskLevel.HIGH, reason="旧的", current=False)

    work = worklist.worklist(school_helper, today=date(2026, 11, 25))

    codes = {r.person.name: {i.rule.code for i in r.items} for r in work.rows}
    assert "high-risk-weekly" in codes["李小花"]
    assert "high-risk-weekly" not in codes["王小明"]
    assert next(r for r in work.rows if r.person == child).risk_level == "high"


def test_the_list_holds_the_paired_persons_and_for_workers_their_units_on_request(
    region: Region, school_helper: User, township_worker: User, child: Person
) -> None:
    unpaired = pupil(region.lengqi_school, "王小明")
    pair(unpaired, township_worker, role=HelperRole.PAIRED_CADRE, ended_on=date(2025, 7, 1))
    elsewhere = pupil(region.xinglong_school, "赵小军")
    archived = pupil(region.lengqi_school, "已归档")
    archived.archived_at = archived.created_at
    archived.archive_reason = "moved_away"
    archived.save()

    def names(user: User, *, all_units: bool = False) -> set[str]:
        return {r.person.name for r in worklist.worklist(user, all_units=all_units).rows}

    assert names(school_helper) == {"李小花"}
    assert names(school_helper, all_units=True) == {"李小花"}
    assert names(township_worker) == set()
    assert names(township_worker, all_units=True) == {"李小花", "王小明"}
    assert elsewhere.name not in names(township_worker, all_units=True)


def test_the_class_teacher_sees_talks_this_week_against_the_quota(
    region: Region, school_helper: User, township_worker: User, child: Person
) -> None:
    care_rules.seed_default_rules(region.county)
    second = pupil(region.lengqi_school, "王小明")
    third = pupil(region.lengqi_school, "赵小军")
    for person in (second, third):
        pair(person, school_helper)
    record(school_helper, [child, second], CareKind.TALK, date(2026, 11, 23))  # Monday
    record(school_helper, [child], CareKind.TALK, date(2026, 11, 24))  # the same pupil again
    record(school_helper, [third], CareKind.HOME_VISIT, date(2026, 11, 24))  # not a talk
    record(school_helper, [third], CareKind.TALK, date(2026, 11, 22))  # last week
    record(township_worker, [third], CareKind.TALK, date(2026, 11, 24))  # someone else's

    work = worklist.worklist(school_helper, today=date(2026, 11, 25))

    (quota,) = work.quotas
    assert quota.rule.code == "class-teacher-talks"
    assert (quota.outcome.done, quota.outcome.status) == (2, Status.OVERDUE)
    page = logged_in(school_helper).get(reverse("care:worklist"))
    assert page.status_code == 200


def test_the_quota_is_only_for_helpers_in_its_role(
    region: Region, school_helper: User, child: Person
) -> None:
    care_rules.seed_default_rules(region.county)
    child.pairings.update(role=HelperRole.SUBJECT_TEACHER)

    work = worklist.worklist(school_helper, today=date(2026, 11, 25))

    assert work.quotas == []


def test_a_viewer_has_no_work_list(prefecture_viewer: User) -> None:
    assert logged_in(prefecture_viewer).get(reverse("care:worklist")).status_code == 403


def test_a_recorded_talk_leaves_the_due_list(
    region: Region, school_helper: User, child: Person
) -> None:
    care_rules.seed_default_rules(region.county)
    record(school_helper, [child], CareKind.TALK, date(2026, 10, 30))
    client = logged_in(school_helper)
    today = date(2026, 11, 25)  # 26 days after the last talk: due

    with on(today):
        before = client.get(reverse("care:worklist"))
        client.post(
            reverse("care:record_new"),
            {"persons": [child.pk], "kind": "talk", "occurred_on": "2026-11-25", "summary": "谈心"},
        )
        after = client.get(reverse("care:worklist"))

    def todo(page: object) -> set[str]:
        rows = page.context["work"].rows  # type: ignore[attr-defined]
        return {i.rule.code for r in rows for i in r.todo}

    assert "talk-every-4-weeks" in todo(before)
    assert "talk-every-4-weeks" not in todo(after)
    assert zh("Due") in before.content.decode()


# --- Queries --------------------------------------------------------------------------------


def _persons_with_records(region: Region, helper: User, count: int, start: int) -> None:
    for n in range(start, start + count):
        person = pupil(
            region.lengqi_school,
            f"学生{n}",
            categories=(Category.LEFT_BEHIND, Category.DISABLED),
        )
        pair(person, helper)
        record(helper, [person], CareKind.TALK, date(2026, 11, 2 + n % 20))
        RiskAssessment.objects.create(person=person, level="high", reason="测试", current=True)


def test_the_work_list_runs_as_many_queries_for_50_persons_as_for_1(
    region: Region, school_helper: User, no_n_plus_one: None
) -> None:
    care_rules.seed_default_rules(region.county)
    rule(region.lengqi_school, "extra", period=Period.DAYS, days=14)
    _persons_with_records(region, school_helper, 1, 0)
    with count_queries() as one:
        small = worklist.worklist(school_helper, today=date(2026, 11, 25), page_size=50)
    _persons_with_records(region, school_helper, 49, 1)
    with count_queries() as fifty:
        large = worklist.worklist(school_helper, today=date(2026, 11, 25), page_size=50)

    assert (len(small.rows), len(large.rows)) == (1, 50)
    assert {len(row.items) for row in large.rows} == {5}
    assert_same_query_count(one, fifty)


def test_the_work_list_page_runs_a_fixed_number_of_queries(
    region: Region, township_worker: User
) -> None:
    care_rules.seed_default_rules(region.county)
    client = logged_in(township_worker)
    url = f"{reverse('care:worklist')}?all=1"
    _persons_with_records(region, township_worker, 1, 0)
    with on(date(2026, 11, 25)), count_queries() as one:
        client.get(url)
    _persons_with_records(region, township_worker, 49, 1)
    with on(date(2026, 11, 25)), count_queries() as fifty:
        page = client.get(url)

    assert len(page.context["work"].rows) == PAGE_SIZE
    assert_same_query_count(one, fifty)


def test_a_county_sized_list_pages_in_roster_order_with_as_many_queries(
    region: Region, school_helper: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past URGENCY_SORT_LIMIT persons the list is paged by the database, not evaluated whole."""
    monkeypatch.setattr(worklist, "URGENCY_SORT_LIMIT", 5)
    care_rules.seed_default_rules(region.county)
    _persons_with_records(region, school_helper, 6, 0)
    with count_queries() as six:
        first = worklist.worklist(school_helper, today=date(2026, 11, 25), page_size=3)
    _persons_with_records(region, school_helper, 44, 6)
    with count_queries() as fifty:
        again = worklist.worklist(school_helper, today=date(2026, 11, 25), page_size=3)
    assert first.page.paginator.count == 6 and again.page.paginator.count == 50
    assert len(again.rows) == 3
    assert_same_query_count(six, fifty)


def test_the_most_urgent_persons_come_first_across_pages(
    region: Region, school_helper: User
) -> None:
    """A helper's list is sorted by urgency as a whole: the overdue pupil last in pinyin
    order is on page 1, not on page 3."""
    care_rules.seed_default_rules(region.county)
    today = date(2026, 11, 25)
    for n in range(6):
        person = pupil(region.lengqi_school, f"阿{n}", categories=(Category.ORPHAN,))
        pair(person, school_helper)
        record(school_helper, [person], CareKind.TALK, date(2026, 11, 20))
    late = pupil(region.lengqi_school, "赵最后", categories=(Category.ORPHAN,))
    pair(late, school_helper)
    record(school_helper, [late], CareKind.TALK, date(2026, 9, 1))
    work = worklist.worklist(school_helper, today=today, page_size=2)
    assert work.rows[0].person == late
    assert work.rows[0].todo and work.rows[0].todo[0].status == Status.OVERDUE


def test_the_work_list_keeps_roster_order_character_by_character(
    region: Region, school_helper: User
) -> None:
    # 陈 and 程 are both "chen": every 陈 comes before every 程, not interleaved by the
    # given name's pinyin (issue 12, point 15).
    for name in ("程安", "陈明", "程波", "陈安"):
        pair(pupil(region.lengqi_school, name), school_helper)

    names = [p.name for p in worklist.worklist_persons(school_helper)]

    assert names == ["陈安", "陈明", "程安", "程波"]
