"""Early warnings (关爱预警): each rule against hand-made facts, its boundaries, raising
once, resolving when the cause is gone, and a fixed number of queries whatever the size."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone, translation

from guanai.accounts.models import User
from guanai.care.models import (
    CareKind,
    CareWarning,
    HelperRole,
    PlanStatus,
    RiskLevel,
    WarningKind,
    WarningStatus,
)
from guanai.care.tasks import detect_warnings_task
from guanai.care.warnings import detect, explain
from guanai.registry.models import Category, Person
from tests.care.warnings_support import (
    TODAY,
    days_ago,
    keys,
    left_behind,
    pair,
    person,
    plan,
    record,
    review,
    risk,
    warning_of,
)
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db


def _kinds(who: Person) -> set[str]:
    return set(
        CareWarning.objects.filter(person=who, status=WarningStatus.OPEN).values_list(
            "kind", flat=True
        )
    )


def _chinese(w: CareWarning, *, high_risk: bool) -> str | None:
    """The sentence stored when a warning is raised: in Chinese, the default language."""
    with translation.override("zh-hans"):
        return explain(w.key, name=w.person.name, today=TODAY, high_risk=high_risk)


def _english(w: CareWarning, today: date = TODAY, *, high_risk: bool = False) -> str:
    with translation.override("en"):
        text = explain(w.key, name=w.person.name, today=today, high_risk=high_risk)
    assert text is not None
    return text


# --- 1. No care record for N days ---------------------------------------------------------


def test_paired_person_without_care_for_31_days_is_warned_at_30_not(
    region: Region, township_worker: User
) -> None:
    # Given two paired persons, one last talked with 30 days ago, one 31 days ago
    thirty = person(region.lengqi, "张三")
    thirty_one = person(region.lengqi, "王五")
    for p in (thirty, thirty_one):
        pair(p, township_worker)
    record(township_worker, days_ago(30), thirty)
    record(township_worker, days_ago(31), thirty_one, kind=CareKind.HOME_VISIT)

    # When the warnings are checked
    report = detect(today=TODAY)

    # Then only the one past 30 days is warned about, naming the days and the last visit
    assert report.raised == 1
    assert _kinds(thirty) == set()
    warning = warning_of(thirty_one)
    assert warning.kind == WarningKind.NO_CARE
    assert warning.key == f"no_care:{thirty_one.pk}:2026-10-25:home_visit"
    assert warning.org_unit == region.lengqi
    assert warning.raised_on == TODAY
    assert warning.message == _chinese(warning, high_risk=False)
    assert "王五" in warning.message and "2026年10月25日" in warning.message
    assert _english(warning) == (
        "王五 has had no care record for 31 days (last: 25 Oct 2026, Home visit)."
    )
    # The count is today's when the warning is read later.
    assert "40 days" in _english(warning, TODAY + timedelta(days=9))


def test_special_group_person_never_cared_for_is_warned_after_n_days(
    region: Region, township_worker: User
) -> None:
    old = person(region.lengqi, "张三", Category.ORPHAN, since=days_ago(31))
    new = person(region.lengqi, "李四", Category.ORPHAN, since=days_ago(30))
    unattended = person(region.lengqi, "赵六")  # neither paired nor in a special group

    detect(today=TODAY)

    assert keys() == {f"no_care:{old.pk}:none"}
    assert _english(warning_of(old)) == "张三 has no care record at all yet."
    assert _kinds(new) == _kinds(unattended) == set()


def test_ended_category_and_ended_pairing_do_not_count_as_under_care(
    region: Region, township_worker: User
) -> None:
    former = person(region.lengqi, "张三")
    former.categories.create(category=Category.DIBAO, started_on=date(2024, 1, 1), ended_on=TODAY)
    former.categories.update(ended_on=days_ago(1))
    pair(former, township_worker, ended_on=days_ago(100))

    detect(today=TODAY)

    assert _kinds(former) == {WarningKind.PAIRING_GAP}


def test_no_care_days_come_from_the_setting(region: Region, township_worker: User) -> None:
    someone = person(region.lengqi, "张三", Category.DISABLED)
    record(township_worker, days_ago(8), someone)

    detect(today=TODAY)
    assert keys() == set()

    with override_settings(GUANAI_WARNING_NO_CARE_DAYS=7):
        detect(today=TODAY)
    assert _kinds(someone) == {WarningKind.NO_CARE}


def test_a_record_dated_after_today_is_not_counted(region: Region, township_worker: User) -> None:
    someone = person(region.lengqi, "张三", Category.DISABLED)
    record(township_worker, days_ago(40), someone)
    record(township_worker, TODAY + timedelta(days=3), someone)

    detect(today=TODAY)

    assert keys() == {f"no_care:{someone.pk}:{days_ago(40).isoformat()}:talk"}


# --- 2. Left-behind child without a parent's contact for 60 days ---------------------------


def test_family_call_60_days_ago_is_enough_61_is_not(region: Region, township_worker: User) -> None:
    sixty = left_behind(region.lengqi, "张小花")
    sixty_one = left_behind(region.lengqi, "李小花")
    for child, days in ((sixty, 60), (sixty_one, 61)):
        record(township_worker, days_ago(days), child, kind=CareKind.FAMILY_CALL)
        record(township_worker, days_ago(1), child)  # talks do not count as a parent's call

    detect(today=TODAY)

    assert _kinds(sixty) == set()
    warning = warning_of(sixty_one)
    assert warning.kind == WarningKind.NO_PARENT_CONTACT
    assert warning.key == f"no_parent_contact:{sixty_one.pk}:2026-09-25:call"
    assert _english(warning) == (
        "李小花, a left-behind child, has had no contact with a parent for 61 days "
        "(last family phone call: 25 Sep 2026). Raising the risk level to high may be needed."
    )


def test_last_contact_on_file_counts_like_a_call(region: Region, township_worker: User) -> None:
    recent = left_behind(region.lengqi, "张小花", last_contact=days_ago(10).isoformat())
    record(township_worker, days_ago(200), recent, kind=CareKind.FAMILY_CALL)
    old = left_behind(region.lengqi, "李小花", last_contact=days_ago(61).isoformat())
    garbled = left_behind(region.lengqi, "王小花", last_contact="去年春节")

    detect(today=TODAY)

    assert WarningKind.NO_PARENT_CONTACT not in _kinds(recent)
    assert warning_of(old, WarningKind.NO_PARENT_CONTACT).key == (
        f"no_parent_contact:{old.pk}:2026-09-25:file"
    )
    assert "(last contact on file: 25 Sep 2026)" in _english(warning_of(old, "no_parent_contact"))
    assert warning_of(garbled, "no_parent_contact").key == f"no_parent_contact:{garbled.pk}:none"


def test_child_left_behind_recently_is_not_warned_yet(region: Region) -> None:
    recent = left_behind(region.lengqi, "张小花", since=days_ago(60))
    long_since = left_behind(region.lengqi, "李小花", since=days_ago(61))

    detect(today=TODAY)

    assert WarningKind.NO_PARENT_CONTACT not in _kinds(recent)
    warning = warning_of(long_since, WarningKind.NO_PARENT_CONTACT)
    assert _english(warning).startswith(
        "李小花, a left-behind child, has no recorded contact with a parent."
    )


def test_no_proposal_to_raise_the_risk_of_a_high_risk_child(
    region: Region, township_worker: User
) -> None:
    child = left_behind(region.lengqi, "张小花")
    risk(child, RiskLevel.HIGH)
    record(township_worker, TODAY, child)

    detect(today=TODAY)

    warning = warning_of(child, WarningKind.NO_PARENT_CONTACT)
    assert "risk level" not in _english(warning, high_risk=True)
    # The stored sentence was written knowing the level was high already.
    assert warning.message == _chinese(warning, high_risk=True)
    assert warning.message != _chinese(warning, high_risk=False)


def test_an_ended_left_behind_category_is_not_watched(region: Region) -> None:
    child = left_behind(region.lengqi, "张小花")
    child.categories.update(ended_on=days_ago(1))

    detect(today=TODAY)

    assert WarningKind.NO_PARENT_CONTACT not in _kinds(child)


# --- 3. Plan past its end without a review -------------------------------------------------


def test_plan_ended_yesterday_needs_a_review_dated_on_or_after_its_end(
    region: Region, township_worker: User
) -> None:
    reviewed_today = person(region.lengqi, "张三")
    not_reviewed = person(region.lengqi, "李四")
    reviewed_before = person(region.lengqi, "王五")
    ends_today = person(region.lengqi, "赵六")
    done = person(region.lengqi, "钱七")
    yesterday = days_ago(1)
    review(plan(reviewed_today, township_worker, ends_on=yesterday), TODAY, township_worker)
    plan(not_reviewed, township_worker, ends_on=yesterday, domain="psychology")
    review(plan(reviewed_before, township_worker, ends_on=yesterday), days_ago(2), township_worker)
    plan(ends_today, township_worker, ends_on=TODAY)
    plan(done, township_worker, ends_on=yesterday, status=PlanStatus.COMPLETED)

    detect(today=TODAY)

    assert {w.person for w in CareWarning.objects.filter(kind="plan_unreviewed")} == {
        not_reviewed,
        reviewed_before,
    }
    warning = warning_of(not_reviewed)
    assert _english(warning) == (
        "The Psychology plan of 李四 ended on 24 Nov 2026 and has not been reviewed since."
    )


# --- 4. Three low mood ratings in a row ----------------------------------------------------


def test_an_unknown_key_has_no_sentence() -> None:
    assert explain("no_such_kind:1:x", name="张三", today=TODAY, high_risk=False) is None
    assert explain("no_care:1:not-a-date:talk", name="张三", today=TODAY, high_risk=False) is None
    assert explain("no_care:1", name="张三", today=TODAY, high_risk=False) is None


def test_three_low_moods_in_a_row(region: Region, township_worker: User) -> None:
    low = person(region.lengqi, "张三")
    recovered = person(region.lengqi, "李四")
    two_only = person(region.lengqi, "王五")
    for n, mood in ((30, 5), (20, 2), (10, 1), (5, None), (3, 2)):
        record(township_worker, days_ago(n), low, mood=mood)  # a record without mood is skipped
    for n, mood in ((20, 1), (10, 1), (3, 3)):
        record(township_worker, days_ago(n), recovered, mood=mood)
    for n, mood in ((10, 1), (3, 2)):
        record(township_worker, days_ago(n), two_only, mood=mood)

    detect(today=TODAY)

    warning = warning_of(low)
    assert warning.key == f"low_mood:{low.pk}:2026-11-22:2026-11-15:2026-11-05"
    assert _english(warning) == (
        "张三's mood was rated 2 or lower in the last three care records "
        "(22 Nov 2026、15 Nov 2026、5 Nov 2026). Raising the risk level to high may be needed."
    )
    assert _kinds(recovered) == _kinds(two_only) == set()


def test_a_good_mood_resolves_the_low_mood_warning(region: Region, township_worker: User) -> None:
    someone = person(region.lengqi, "张三")
    for n in (20, 10, 3):
        record(township_worker, days_ago(n), someone, mood=2)
    detect(today=TODAY)

    record(township_worker, TODAY, someone, mood=4)
    report = detect(today=TODAY)

    assert report.resolved == 1
    assert warning_of(someone).status == WarningStatus.RESOLVED


# --- 5. Pairing ended without a replacement -------------------------------------------------


def test_pairing_ended_without_replacement(
    region: Region, township_worker: User, school_helper: User
) -> None:
    alone = person(region.lengqi, "张三")
    replaced = person(region.lengqi, "李四")
    never = person(region.lengqi, "王五")
    ended_today = person(region.lengqi, "赵六")
    pair(alone, school_helper, ended_on=days_ago(5), role=HelperRole.SURROGATE_PARENT)
    pair(replaced, school_helper, ended_on=days_ago(5))
    pair(replaced, township_worker, since=days_ago(5))
    pair(ended_today, school_helper, ended_on=TODAY)

    detect(today=TODAY)

    assert {w.person for w in CareWarning.objects.filter(kind="pairing_gap")} == {
        alone,
        ended_today,
    }
    assert _english(warning_of(alone)) == (
        "The pairing of 张三 (Surrogate parent) ended on 20 Nov 2026 and no new helper has been "
        "paired."
    )
    assert _kinds(replaced) == _kinds(never) == set()


def test_pairing_with_a_replacement_to_come_is_no_gap(
    region: Region, township_worker: User, school_helper: User
) -> None:
    someone = person(region.lengqi, "张三")
    pair(someone, school_helper, ended_on=days_ago(5))
    pair(someone, township_worker, since=TODAY + timedelta(days=3))

    detect(today=TODAY)

    assert WarningKind.PAIRING_GAP not in _kinds(someone)


# --- 6. High-risk person not contacted this week ---------------------------------------------


MONDAY = date(2026, 11, 23)
SUNDAY = date(2026, 11, 29)


def test_a_contact_last_sunday_does_not_count_on_monday(
    region: Region, township_worker: User
) -> None:
    someone = person(region.lengqi, "张三")
    risk(someone)
    record(township_worker, MONDAY - timedelta(days=1), someone)

    detect(today=MONDAY)

    warning = warning_of(someone)
    assert warning.key == f"high_risk:{someone.pk}:2026-11-23"
    assert _english(warning, MONDAY) == (
        "张三 is at high risk and has not been contacted this week (23 Nov 2026 to 29 Nov 2026)."
    )


def test_a_contact_on_monday_counts_until_sunday(region: Region, township_worker: User) -> None:
    someone = person(region.lengqi, "张三")
    risk(someone)
    record(township_worker, MONDAY, someone)

    detect(today=SUNDAY)
    assert keys() == set()

    # The next Monday a new week begins, and a new warning with it.
    detect(today=SUNDAY + timedelta(days=1))
    assert keys() == {f"high_risk:{someone.pk}:2026-11-30"}


def test_last_weeks_warning_gives_way_to_this_weeks(region: Region) -> None:
    someone = person(region.lengqi, "张三")
    risk(someone)
    detect(today=SUNDAY)

    report = detect(today=SUNDAY + timedelta(days=1))

    assert (report.raised, report.resolved) == (1, 1)
    assert keys(status="resolved") == {f"high_risk:{someone.pk}:2026-11-23"}
    assert keys(status="open") == {f"high_risk:{someone.pk}:2026-11-30"}


def test_only_the_current_high_level_counts(region: Region) -> None:
    medium = person(region.lengqi, "张三")
    risk(medium, RiskLevel.MEDIUM)
    proposed = person(region.lengqi, "李四")
    risk(proposed, RiskLevel.HIGH, current=False)  # set, not confirmed

    detect(today=TODAY)

    assert keys() == set()


# --- Raising once, resolving, reopening -----------------------------------------------------


def _one_of_each(region: Region, author: User, helper: User, name: str = "张三") -> Person:
    """A left-behind child with every warning: no care, no call, old plan, low mood, no
    helper, high risk uncontacted."""
    child = left_behind(region.lengqi, name)
    pair(child, helper, ended_on=days_ago(100))
    plan(child, author, ends_on=days_ago(10))
    for n in (90, 80, 70):
        record(author, days_ago(n), child, mood=1)
    risk(child)
    return child


def test_detecting_twice_raises_nothing_new(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = _one_of_each(region, township_worker, school_helper)

    first = detect(today=TODAY)
    second = detect(today=TODAY)

    assert first.counts() == {"raised": 6, "resolved": 0, "open": 6}
    assert second.counts() == {"raised": 0, "resolved": 0, "open": 6}
    assert _kinds(child) == set(WarningKind.values)
    assert CareWarning.objects.count() == 6


def test_an_acknowledged_warning_stays_acknowledged_then_resolves(
    region: Region, township_worker: User, county_leader: User
) -> None:
    someone = person(region.lengqi, "张三", Category.ORPHAN)
    detect(today=TODAY)
    CareWarning.objects.update(
        status=WarningStatus.ACKNOWLEDGED, note="已安排家访", acknowledged_by=county_leader
    )

    assert detect(today=TODAY).counts() == {"raised": 0, "resolved": 0, "open": 0}
    assert warning_of(someone).status == WarningStatus.ACKNOWLEDGED

    record(township_worker, TODAY, someone)
    assert detect(today=TODAY).counts() == {"raised": 0, "resolved": 1, "open": 0}
    warning = warning_of(someone)
    assert (warning.status, warning.resolved_on, warning.note) == (
        WarningStatus.RESOLVED,
        TODAY,
        "已安排家访",
    )


def test_a_backdated_record_changes_the_facts(region: Region, township_worker: User) -> None:
    someone = person(region.lengqi, "张三", Category.ORPHAN)
    record(township_worker, days_ago(50), someone)
    detect(today=TODAY)

    record(township_worker, days_ago(40), someone)
    report = detect(today=TODAY)

    assert (report.raised, report.resolved) == (1, 1)
    assert keys(status="open") == {f"no_care:{someone.pk}:{days_ago(40).isoformat()}:talk"}


def test_a_resolved_warning_found_again_is_opened_again(
    region: Region, township_worker: User
) -> None:
    someone = person(region.lengqi, "张三")
    old_plan = plan(someone, township_worker, ends_on=days_ago(3))
    detect(today=TODAY)
    warning = warning_of(someone)
    CareWarning.objects.filter(pk=warning.pk).update(note="已联系")
    old_plan.status = PlanStatus.COMPLETED
    old_plan.save()
    detect(today=TODAY)
    old_plan.status = PlanStatus.ACTIVE
    old_plan.save()

    report = detect(today=TODAY + timedelta(days=1))

    warning.refresh_from_db()
    assert report.raised == 1
    assert (warning.status, warning.resolved_on, warning.raised_on, warning.note) == (
        WarningStatus.OPEN,
        None,
        TODAY + timedelta(days=1),
        "",
    )
    assert CareWarning.objects.count() == 1


def test_archived_persons_are_ignored_and_their_warnings_resolved(
    region: Region, township_worker: User
) -> None:
    archived = person(region.lengqi, "张三", Category.ORPHAN)
    Person.objects.filter(pk=archived.pk).update(
        archived_at=timezone.now(), archive_reason="moved_away"
    )
    leaving = person(region.lengqi, "李四", Category.ORPHAN)
    detect(today=TODAY)
    assert keys() == {f"no_care:{leaving.pk}:none"}

    Person.objects.filter(pk=leaving.pk).update(
        archived_at=timezone.now(), archive_reason="graduated"
    )
    report = detect(today=TODAY)

    assert report.counts() == {"raised": 0, "resolved": 1, "open": 0}
    assert warning_of(leaving).status == WarningStatus.RESOLVED


def test_detection_of_a_unit_touches_only_its_subtree(
    region: Region, township_worker: User
) -> None:
    here = person(region.lengqi_school, "张三", Category.ORPHAN)
    there = person(region.xinglong, "李四", Category.ORPHAN)
    detect(region.lengqi, today=TODAY)
    assert keys() == {f"no_care:{here.pk}:none"}

    record(township_worker, TODAY, here)
    report = detect(region.xinglong, today=TODAY)

    # 兴隆镇's check raised its own warning and left 冷碛镇's alone.
    assert report.counts() == {"raised": 1, "resolved": 0, "open": 1}
    assert keys(status="open") == {f"no_care:{here.pk}:none", f"no_care:{there.pk}:none"}


def test_warnings_follow_a_person_to_another_unit(region: Region) -> None:
    someone = person(region.lengqi, "张三", Category.ORPHAN)
    detect(today=TODAY)
    Person.objects.filter(pk=someone.pk).update(org_unit=region.xinglong)

    detect(region.xinglong, today=TODAY)

    assert warning_of(someone).org_unit == region.xinglong


# --- Query counts ------------------------------------------------------------------------


def _one_finding(region: Region, author: User, helper: User, n: int) -> None:
    """A person with one warning, of the ``n``-th kind in turn."""
    someone = person(region.lengqi, f"学生{n}")
    match n % 6:
        case 0:
            someone.categories.create(category=Category.ORPHAN, started_on=date(2024, 1, 1))
        case 1:
            someone.categories.create(category=Category.LEFT_BEHIND, started_on=date(2024, 1, 1))
            record(author, days_ago(1), someone)
        case 2:
            plan(someone, author, ends_on=days_ago(10))
        case 3:
            for days in (9, 6, 3):
                record(author, days_ago(days), someone, mood=2)
        case 4:
            pair(someone, helper, ended_on=days_ago(3))
        case _:
            risk(someone)


def test_detection_runs_as_many_queries_for_40_persons_as_for_1(
    region: Region, township_worker: User, school_helper: User
) -> None:
    # One person with all six warnings, then 40 more with one warning each. (Writes go in
    # batches as large as the database takes — 47 warnings of 21 columns within SQLite's
    # 999 parameters — never per person.)
    child = _one_of_each(region, township_worker, school_helper)
    # And one whose low mood proposes a higher risk level (the child is at high risk).
    low = person(region.lengqi, "情绪低")
    for n in (20, 10, 3):
        record(township_worker, days_ago(n), low, mood=1)
    with count_queries() as small:
        detect(region.lengqi, today=TODAY)
    with count_queries() as small_again:
        detect(region.lengqi, today=TODAY)
    record(township_worker, TODAY, child, mood=5)
    with count_queries() as small_resolved:
        detect(region.lengqi, today=TODAY)

    CareWarning.objects.all().delete()
    for n in range(40):
        _one_finding(region, township_worker, school_helper, n)
    with count_queries() as large:
        report = detect(region.lengqi, today=TODAY)
    with count_queries() as large_again:
        detect(region.lengqi, today=TODAY)
    record(township_worker, TODAY, *Person.objects.all(), mood=5)
    with count_queries() as large_resolved:
        resolved = detect(region.lengqi, today=TODAY)

    # The first child still has no parent contact, an old plan and no helper.
    assert report.raised == 3 + 1 + 40
    assert resolved.resolved > 20
    assert_same_query_count(small, large)
    assert_same_query_count(small_again, large_again)
    assert_same_query_count(small_resolved, large_resolved)


# --- The task and the command --------------------------------------------------------------


def test_the_background_task_detects_for_a_unit(region: Region) -> None:
    person(region.lengqi, "张三", Category.ORPHAN, since=date(2000, 1, 1))
    person(region.xinglong, "李四", Category.ORPHAN, since=date(2000, 1, 1))

    result = detect_warnings_task.enqueue(region.lengqi.pk)

    assert result.return_value == {"raised": 1, "resolved": 0, "open": 1}
    assert detect_warnings_task.enqueue(None).return_value == {
        "raised": 1,
        "resolved": 0,
        "open": 2,
    }


def test_the_command_prints_the_counts(region: Region) -> None:
    person(region.lengqi, "张三", Category.ORPHAN, since=date(2000, 1, 1))
    out = StringIO()

    call_command("detect_warnings", "--org", "513322101000", stdout=out)

    assert json.loads(out.getvalue()) == {"raised": 1, "resolved": 0, "open": 1}


def test_the_command_refuses_an_unknown_code(region: Region) -> None:
    with translation.override("en"), pytest.raises(CommandError, match="No org unit has the code"):
        call_command("detect_warnings", "--org", "999999")
    assert CareWarning.objects.count() == 0
