"""Warnings in bulk (issue 14): many acknowledged with one note, tasks, outcomes, counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.utils import translation
from django.utils.translation import gettext

from guanai.accounts.models import Role, User
from guanai.care.models import CareWarning, RiskLevel, WarningKind, WarningOutcome, WarningStatus
from guanai.care.warnings import assigned_to, detect, selectors, services
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.registry.models import Category
from tests import factories
from tests.care.warnings_bulk_support import warnings_about, warnings_in
from tests.care.warnings_support import TODAY, pair, person, risk, warning_of
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db


def _versions(warnings: list[CareWarning]) -> dict[int, int | None]:
    return {w.pk: w.version for w in warnings}


def _statuses() -> set[str]:
    return set(CareWarning.objects.values_list("status", flat=True))


def _ack(user: User, warnings: list[CareWarning], note: str = "已统一安排走访") -> Any:
    return services.warnings_acknowledge(acting_user=user, versions=_versions(warnings), note=note)


# --- Acknowledging many with one note ------------------------------------------------------


def test_a_leader_acknowledges_many_warnings_with_one_note_each_in_the_change_log(
    region: Region, county_leader: User
) -> None:
    chosen = warnings_in(region.lengqi_school, 30)

    result = _ack(county_leader, chosen, "  已统一安排\n走访  ")

    assert len(result.done) == 30 and result.stale == []
    for w in CareWarning.objects.all():
        assert (w.status, w.note, w.acknowledged_by) == (
            WarningStatus.ACKNOWLEDGED,
            "已统一安排 走访",
            county_leader,
        )
        assert w.acknowledged_at is not None and w.version == 2
    entries = LogEntry.objects.filter(action=LogEntry.Action.UPDATE)
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(w.pk for w in chosen)
    entry = entries.first()
    assert entry is not None and entry.actor == county_leader
    assert entry.changes_dict["status"] == ["open", "acknowledged"]
    assert entry.changes_dict["note"] == ["", "已统一安排 走访"]
    assert entry.changes_dict["version"] == ["1", "2"]


def test_warnings_changed_meanwhile_are_reported_and_left_as_they_are(
    region: Region, county_leader: User
) -> None:
    chosen = warnings_in(region.lengqi_school, 5)
    seen = _versions(chosen)
    # Another leader acknowledged one; the detection resolved another; a third was assigned.
    services.warning_acknowledge(acting_user=county_leader, warning=chosen[0], note="先处理了")
    CareWarning.objects.filter(pk=chosen[1].pk).update(status=WarningStatus.RESOLVED)
    services.warning_assign(
        acting_user=county_leader,
        warning=chosen[2],
        assignee=county_leader,
        version=chosen[2].version,
    )

    result = services.warnings_acknowledge(
        acting_user=county_leader, versions=seen, note="统一处理"
    )

    assert {w.pk for w in result.stale} == {chosen[0].pk, chosen[1].pk, chosen[2].pk}
    assert {w.pk for w in result.done} == {chosen[3].pk, chosen[4].pk}
    assert CareWarning.objects.get(pk=chosen[0].pk).note == "先处理了"
    assert CareWarning.objects.get(pk=chosen[1].pk).status == WarningStatus.RESOLVED
    assert CareWarning.objects.get(pk=chosen[2].pk).status == WarningStatus.OPEN


def test_all_matching_acknowledges_what_is_open_now(region: Region, county_leader: User) -> None:
    chosen = warnings_in(region.lengqi_school, 4)
    services.warning_acknowledge(acting_user=county_leader, warning=chosen[0], note="已处理")

    # "All matching" carries no versions: the open ones are acknowledged, the other reported.
    result = services.warnings_acknowledge(
        acting_user=county_leader, versions=dict.fromkeys(w.pk for w in chosen), note="统一处理"
    )

    assert (len(result.done), [w.pk for w in result.stale]) == (3, [chosen[0].pk])


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("   ", "Write a note: what has been done or will be done about it."),
        ("很" * 301, "Write at most 300 characters here."),
    ],
    ids=["blank", "too-long"],
)
def test_a_bad_note_changes_nothing(
    region: Region, county_leader: User, note: str, message: str
) -> None:
    chosen = warnings_in(region.lengqi_school, 3)
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        _ack(county_leader, chosen, note)
    assert str(refused.value.message) == message
    assert _statuses() == {WarningStatus.OPEN}


def test_an_empty_or_too_large_choice_is_refused(county_leader: User) -> None:
    with translation.override("en"):
        with pytest.raises(ValidationFailed) as empty:
            services.warnings_acknowledge(acting_user=county_leader, versions={}, note="好")
        assert str(empty.value.message) == "Choose at least one warning."
        with pytest.raises(ValidationFailed) as large:
            services.warnings_acknowledge(
                acting_user=county_leader, versions=dict.fromkeys(range(1, 502)), note="好"
            )
        assert str(large.value.message) == (
            "Choose at most 500 warnings at a time; narrow the filter."
        )


def test_unknown_ids_and_ids_out_of_scope_are_refused_and_change_nothing(
    region: Region, county_leader: User
) -> None:
    lengqi_leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    mine = warnings_in(region.lengqi_school, 2)
    theirs = warnings_in(region.xinglong_school, 1, "李四")
    versions = {**_versions(mine), **_versions(theirs), 99999: 1}

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        services.warnings_acknowledge(acting_user=lengqi_leader, versions=versions, note="好")

    # The warning of another township is as unknown as a key that does not exist.
    assert str(refused.value.message) == (
        f"These warnings are not found among yours: {theirs[0].pk}, 99999."
    )
    assert _statuses() == {WarningStatus.OPEN}


def test_only_leaders_may_acknowledge_in_bulk(
    region: Region, township_worker: User, county_leader: User
) -> None:
    chosen = warnings_in(region.lengqi_school, 2)
    with translation.override("en"), pytest.raises(PermissionRefused) as refused:
        _ack(township_worker, chosen)
    assert "张三" in str(refused.value.message)
    assert _statuses() == {WarningStatus.OPEN}


def test_bulk_acknowledging_runs_as_many_queries_for_40_warnings_as_for_1(
    region: Region, county_leader: User
) -> None:
    one = warnings_in(region.lengqi_school, 1, "张三")
    many = warnings_in(region.xinglong_school, 40, "李四")
    county_leader = User.objects.get(pk=county_leader.pk)  # memberships not cached yet
    with count_queries() as small:
        _ack(county_leader, one)
    county_leader = User.objects.get(pk=county_leader.pk)
    with count_queries() as large:
        result = _ack(county_leader, many)
    assert len(result.done) == 40
    assert_same_query_count(small, large)


# --- Tasks ---------------------------------------------------------------------------------


def test_a_leader_gives_a_warning_to_a_paired_helper_who_sees_it_among_their_tasks(
    region: Region, county_leader: User, school_helper: User
) -> None:
    child = person(region.lengqi_school, "张三", Category.ORPHAN)
    pair(child, school_helper)
    detect(today=TODAY)
    warning = warning_of(child)

    services.warning_assign(
        acting_user=county_leader,
        warning=warning,
        assignee=school_helper,
        note="本周内家访",
        due_on=TODAY + timedelta(days=3),
        version=warning.version,
        today=TODAY,
    )

    stored = CareWarning.objects.get(pk=warning.pk)
    assert (stored.assigned_to, stored.assigned_by, stored.assignment_note) == (
        school_helper,
        county_leader,
        "本周内家访",
    )
    assert list(assigned_to(school_helper)) == [stored]
    assert list(assigned_to(county_leader)) == []
    # The change log names the assignment like every save.
    entry = LogEntry.objects.get_for_object(stored).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["assigned_to"] == ["None", str(school_helper.pk)]


def test_the_assignee_must_be_able_to_act_for_the_person(
    region: Region, county_leader: User, school_helper: User, other_township_worker: User
) -> None:
    (warning,) = warnings_in(region.lengqi_school, 1)
    for someone in (school_helper, other_township_worker):  # not paired; another township
        with translation.override("en"), pytest.raises(ValidationFailed) as refused:
            services.warning_assign(acting_user=county_leader, warning=warning, assignee=someone)
        assert "may not act for this person" in str(refused.value.message)
    assert CareWarning.objects.get().assigned_to is None
    assert list(selectors.assignees_for(warning)) == [county_leader]


def test_assigning_refuses_a_past_due_date_a_long_note_a_non_leader_and_a_stale_form(
    region: Region, county_leader: User, township_worker: User
) -> None:
    (warning,) = warnings_in(region.lengqi_school, 1)
    calls = [
        (ValidationFailed, {"due_on": TODAY - timedelta(days=1), "today": TODAY}),
        (ValidationFailed, {"note": "很" * 301}),
        (StaleEdit, {"version": warning.version + 1}),
    ]
    for error, kw in calls:
        with pytest.raises(error):
            services.warning_assign(
                acting_user=county_leader, warning=warning, assignee=township_worker, **kw
            )
    with pytest.raises(PermissionRefused):
        services.warning_assign(
            acting_user=township_worker, warning=warning, assignee=township_worker
        )
    assert CareWarning.objects.get().assigned_to is None


def test_tasks_come_most_urgent_first(
    region: Region, county_leader: User, township_worker: User
) -> None:
    later, undated, soon, high = warnings_in(region.lengqi_school, 4)
    risk(high.person, RiskLevel.HIGH)  # same person: all four are "high"; give dates instead
    dues = {later.pk: 9, soon.pk: 2}
    for w in (later, undated, soon):
        services.warning_assign(
            acting_user=county_leader,
            warning=w,
            assignee=township_worker,
            due_on=TODAY + timedelta(days=dues[w.pk]) if w.pk in dues else None,
            today=TODAY,
        )

    assert [w.pk for w in assigned_to(township_worker)] == [soon.pk, later.pk, undated.pk]


def test_a_high_risk_person_comes_before_an_older_warning_without_due_dates(
    region: Region, county_leader: User, township_worker: User
) -> None:
    (old,) = warnings_about(person(region.lengqi_school, "张三"), 1)
    (urgent,) = warnings_about(person(region.lengqi_school, "李四"), 1)
    risk(urgent.person, RiskLevel.HIGH)
    for w in (old, urgent):
        services.warning_assign(acting_user=county_leader, warning=w, assignee=township_worker)
    assert [w.pk for w in assigned_to(township_worker)] == [urgent.pk, old.pk]


# --- Closing with an outcome ---------------------------------------------------------------


def test_the_assignee_closes_the_warning_with_its_outcome_and_it_stays_closed(
    region: Region, county_leader: User, school_helper: User
) -> None:
    child = person(region.lengqi_school, "张三", Category.ORPHAN)
    pair(child, school_helper)
    detect(today=TODAY)
    warning = warning_of(child)
    services.warning_assign(acting_user=county_leader, warning=warning, assignee=school_helper)
    warning = selectors.access_warning(school_helper, warning.pk)

    services.warning_close(
        acting_user=school_helper,
        warning=warning,
        outcome=WarningOutcome.VISITED,
        note="已家访，孩子情况稳定",
        version=warning.version,
    )

    stored = CareWarning.objects.get(pk=warning.pk)
    assert (stored.status, stored.outcome, stored.outcome_note, stored.closed_by) == (
        WarningStatus.CLOSED,
        WarningOutcome.VISITED,
        "已家访，孩子情况稳定",
        school_helper,
    )
    assert stored.closed_at is not None
    assert list(assigned_to(school_helper)) == []
    # Its cause is still found (no care record): the detection leaves it closed.
    report = detect(today=TODAY)
    assert report.raised == 0
    assert CareWarning.objects.get().status == WarningStatus.CLOSED


def test_closing_is_refused_without_an_outcome_or_by_someone_else(
    region: Region, county_leader: User, school_helper: User, township_worker: User
) -> None:
    (warning,) = warnings_in(region.lengqi_school, 1)
    with translation.override("en"):
        with pytest.raises(ValidationFailed) as no_outcome:
            services.warning_close(acting_user=county_leader, warning=warning, outcome="")
        assert str(no_outcome.value.message) == "Choose what came of it."
        with pytest.raises(ValidationFailed) as other:
            services.warning_close(
                acting_user=county_leader, warning=warning, outcome=WarningOutcome.OTHER
            )
        assert str(other.value.message) == "Say in a sentence what came of it."
    # A worker may not close a warning not given to them.
    with pytest.raises(PermissionRefused):
        services.warning_close(
            acting_user=township_worker, warning=warning, outcome=WarningOutcome.NO_ACTION
        )
    assert _statuses() == {WarningStatus.OPEN}
    services.warning_close(
        acting_user=county_leader, warning=warning, outcome=WarningOutcome.NO_ACTION
    )
    with pytest.raises(StaleEdit):  # closed already
        services.warning_close(
            acting_user=county_leader, warning=warning, outcome=WarningOutcome.NO_ACTION
        )


# --- Counts by unit ------------------------------------------------------------------------


def test_counts_by_unit_are_one_level_below_and_scoped(region: Region, county_leader: User) -> None:
    warnings_in(region.lengqi_school, 3, "张三", kind=WarningKind.NO_CARE)
    warnings_in(region.ganlusi, 2, "李四", kind=WarningKind.LOW_MOOD)
    warnings_in(region.xinglong_school, 1, "王五", kind=WarningKind.NO_CARE)
    lengqi_leader = factories.user(unit=region.lengqi, role=Role.LEADER)

    county = selectors.unit_counts(county_leader, selectors.WarningFilter())
    lengqi = selectors.unit_counts(county_leader, selectors.WarningFilter(unit=region.lengqi))
    own = selectors.unit_counts(lengqi_leader, selectors.WarningFilter())

    assert [(r.unit.name, r.total) for r in county] == [("冷碛镇", 5), ("兴隆镇", 1)]
    assert county[0].by_kind == {"no_care": 3, "low_mood": 2}
    assert [(r.unit.name, r.total) for r in lengqi] == [("冷碛镇中心小学", 3), ("甘露寺村", 2)]
    assert [(r.unit.name, r.total) for r in own] == [("冷碛镇中心小学", 3), ("甘露寺村", 2)]


def test_the_list_filters_by_risk_level(region: Region, county_leader: User) -> None:
    (high,) = warnings_in(region.lengqi_school, 1, "张三")
    warnings_in(region.lengqi_school, 1, "李四")
    risk(high.person, RiskLevel.HIGH)
    found = selectors.warnings_search(county_leader, selectors.WarningFilter(risk="high"))
    assert [w.pk for w in found] == [high.pk]
    assert gettext("Unknown risk level: %(value)s.")  # the form's message exists
