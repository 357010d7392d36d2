"""Setting multi-year targets and entering their figures: a leader sets, bad input refused
with its message and nothing changed, the version checked, entries kept as history with
the latest counting, a computed target takes no entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.governance.models import Milestone, Target, TargetEntry
from guanai.governance.targets import (
    TargetStatus,
    entry_add,
    progress_for,
    target_archive,
    target_create,
    target_update,
)
from tests.governance.targets_support import TODAY, People, data, people, target

__all__ = ["people"]


def test_a_leader_sets_a_target_with_its_milestones(people: People) -> None:
    made = target_create(
        people.lengqi_leader,
        unit=people.region.lengqi,
        data=data(milestones={2025: Decimal(9), 2026: Decimal("4.5")}),
    )

    stored = Target.objects.get()
    assert (stored.org_unit, stored.title, stored.base_year, stored.final_year) == (
        people.region.lengqi,
        "三年内消除散居特困户危房",
        2025,
        2027,
    )
    assert (stored.value_kind, stored.direction, stored.goal, stored.baseline) == (
        "count",
        "down",
        0,
        12,
    )
    assert stored.created_by == people.lengqi_leader
    assert dict(made.milestones.values_list("year", "value")) == {2025: 9, 2026: Decimal("4.5")}


def test_a_computed_target_takes_its_sources_kind_and_direction(people: People) -> None:
    made = target(
        people,
        title="集中供养率达到40%",
        source="kpi.tekun_centralised_rate",
        value_kind="count",
        direction="down",
        baseline=Decimal(25),
        goal=Decimal(40),
    )
    assert (made.source, made.value_kind, made.direction) == (
        "kpi.tekun_centralised_rate",
        "percent",
        "up",
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter the target's title."),
        ({"title": "长" * 101}, "title", "100"),
        ({"base_year": 1999}, "base_year", "Enter a year from 2000 to 2100."),
        ({"final_year": 2024}, "final_year", "The final year cannot be before the base year."),
        ({"final_year": 2035}, "final_year", "A target spans at most 10 years."),
        ({"source": "kpi.nothing"}, "source", "Choose where the figures come from."),
        # a service target is set on the service's page, not here
        ({"source": "inkind.count"}, "source", "Choose where the figures come from."),
        ({"goal": None}, "goal", "Enter the goal."),
        (
            {"value_kind": "percent", "direction": "up", "baseline": None, "goal": Decimal(120)},
            "goal",
            "Enter a percentage from 0 to 100",
        ),
        ({"goal": Decimal("0.001")}, "goal", "at most two decimals"),
        ({"goal": Decimal(15)}, "goal", "The goal cannot be behind the baseline"),
        (
            {"milestones": {2027: Decimal(0)}},
            "milestones",
            "A milestone's year runs from 2025 to 2026; the final year's milestone is the goal.",
        ),
        ({"milestones": {2024: Decimal(10)}}, "milestones", "runs from 2025 to 2026"),
        ({"milestones": {2025: Decimal(13)}}, "milestones", "between the baseline and the goal"),
        (
            {"milestones": {2025: Decimal(4), 2026: Decimal(6)}},
            "milestones",
            "The milestone of 2026 must lie between the baseline and the goal",
        ),
        ({"note": "注" * 2001}, "note", "2000"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    people: People, changes: dict[str, Any], field: str, message: str
) -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        target_create(people.lengqi_leader, unit=people.region.lengqi, data=data(**changes))

    assert refused.value.field == field
    assert message in str(refused.value.message)
    assert not Target.objects.exists()
    assert not Milestone.objects.exists()


def test_only_a_leader_over_the_unit_sets_its_targets(people: People) -> None:
    with pytest.raises(PermissionRefused):
        target_create(people.lengqi_worker, unit=people.region.lengqi, data=data())
    # 冷碛镇's leader sets none of the county's, nor 兴隆镇's
    with pytest.raises(PermissionRefused):
        target_create(people.lengqi_leader, unit=people.region.county, data=data())
    with pytest.raises(PermissionRefused):
        target_create(people.lengqi_leader, unit=people.region.xinglong, data=data())
    assert not Target.objects.exists()
    # The county's leader sets a township's
    target_create(people.county_leader, unit=people.region.xinglong, data=data())


def test_a_target_is_changed_with_its_version_and_a_stale_one_refused(people: People) -> None:
    made = target(people, milestones={2025: Decimal(10)})

    changed = target_update(
        people.lengqi_leader,
        made,
        version=made.version,
        data=data(title="两年内消除危房", final_year=2026, milestones={2025: Decimal(6)}),
    )
    assert (changed.title, changed.final_year, changed.version) == ("两年内消除危房", 2026, 2)
    assert dict(changed.milestones.values_list("year", "value")) == {2025: 6}

    with translation.override("en"), pytest.raises(StaleEdit, match="Someone changed this target"):
        target_update(people.lengqi_leader, made, version=1, data=data(title="旧的"))
    assert Target.objects.get().title == "两年内消除危房"


def test_a_bad_change_changes_nothing(people: People) -> None:
    made = target(people, milestones={2025: Decimal(10)})

    with pytest.raises(ValidationFailed):
        target_update(
            people.lengqi_leader,
            made,
            version=made.version,
            data=data(title="改", milestones={2030: Decimal(1)}),
        )
    with pytest.raises(PermissionRefused):
        target_update(people.lengqi_worker, made, version=made.version, data=data(title="改"))

    stored = Target.objects.get()
    assert (stored.title, stored.version) == ("三年内消除散居特困户危房", 1)
    assert dict(stored.milestones.values_list("year", "value")) == {2025: 10}


def test_an_archived_target_is_kept_and_changes_no_more(people: People) -> None:
    made = target(people)

    archived = target_archive(people.lengqi_leader, made, version=made.version)

    assert archived.archived_at is not None
    with translation.override("en"), pytest.raises(ValidationFailed, match="archived"):
        target_update(people.lengqi_leader, made, version=archived.version, data=data())
    with translation.override("en"), pytest.raises(ValidationFailed, match="archived"):
        entry_add(people.lengqi_worker, made, year=2025, value=Decimal(3), evidence="统计")


# --- Figures entered --------------------------------------------------------------------


def test_entries_are_kept_and_the_latest_of_a_year_counts(people: People) -> None:
    made = target(people)

    entry_add(people.lengqi_worker, made, year=2025, value=Decimal(9), evidence="年报", today=TODAY)
    entry_add(people.lengqi_worker, made, year=2026, value=Decimal(6), evidence="11月", today=TODAY)
    entry_add(people.lengqi_leader, made, year=2026, value=Decimal(3), evidence="12月", today=TODAY)

    assert list(TargetEntry.objects.values_list("year", "value", "evidence")) == [
        (2025, 9, "年报"),
        (2026, 6, "11月"),
        (2026, 3, "12月"),
    ]
    progress = progress_for([made], TODAY)[made.pk]
    assert [(r.year, r.milestone, r.figure, r.reached) for r in progress.years] == [
        (2025, 8, 9, False),
        (2026, 4, 3, True),
        (2027, 0, None, False),
    ]
    # 3 ≤ 8, the milestone of 2025
    assert progress.status == TargetStatus.ON_TRACK


@pytest.mark.parametrize(
    ("year", "value", "evidence", "field", "message"),
    [
        (2024, Decimal(3), "统计", "year", "Enter a year of the target from 2025 to 2026."),
        (2027, Decimal(3), "统计", "year", "from 2025 to 2026"),  # not begun
        (2025, None, "统计", "value", "Enter the figure."),
        (2025, Decimal(-1), "统计", "value", "Enter a number from 0 to 1,000,000,000"),
        (2025, Decimal(3), "  ", "evidence", "Say where the figure comes from"),
        (2025, Decimal(3), "据" * 501, "evidence", "500"),
    ],
)
def test_a_bad_figure_is_refused_and_nothing_is_stored(
    people: People, year: int, value: Decimal | None, evidence: str, field: str, message: str
) -> None:
    made = target(people)
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        entry_add(
            people.lengqi_worker, made, year=year, value=value, evidence=evidence, today=TODAY
        )
    assert refused.value.field == field
    assert message in str(refused.value.message)
    assert not TargetEntry.objects.exists()


def test_a_computed_target_takes_no_figure(people: People) -> None:
    made = target(
        people,
        source="kpi.home_occupancy",
        baseline=Decimal(60),
        goal=Decimal(80),
    )
    with translation.override("en"), pytest.raises(ValidationFailed, match="computed from"):
        entry_add(people.lengqi_leader, made, year=2025, value=Decimal(70), evidence="统计")
    assert not TargetEntry.objects.exists()


def test_a_helper_or_another_township_enters_no_figure(people: People) -> None:
    made = target(people)
    for user in (people.lengqi_helper, people.xinglong_worker, people.xinglong_leader):
        with pytest.raises(PermissionRefused):
            entry_add(user, made, year=2025, value=Decimal(3), evidence="统计", today=TODAY)
    # the county's worker works over 冷碛镇
    entry_add(people.county_worker, made, year=2025, value=Decimal(3), evidence="统计", today=TODAY)
    assert TargetEntry.objects.count() == 1
