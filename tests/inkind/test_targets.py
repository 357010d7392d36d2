"""Targets: progress by year (deliveries counted in their years, every eligible person served
read at each year's end), the status, and the services' checks with their messages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import translation

from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.inkind.coverage import (
    TargetData,
    TargetStatus,
    progress_of,
    target_archive,
    target_progress,
    target_update,
    targets_progress,
)
from guanai.inkind.models import ServiceTarget
from tests.inkind.coverage_support import TODAY, delivered, target
from tests.inkind.support import World, disabled, service
from tests.support.queries import assert_num_queries


@pytest.fixture
def liu(world: World) -> Any:
    """A second elder of 冷碛镇 who needs a wheelchair (physically disabled since 2024)."""
    return disabled(world.region.lengqi, "刘伯", date(1955, 7, 7), 4, 3)


def by_year(progress: Any) -> dict[int, tuple[Any, ...]]:
    return {
        y.year: (y.when, y.delivered, y.cumulative, y.remaining, y.rate) for y in progress.years
    }


def test_deliveries_are_counted_in_their_years_and_the_rest_at_each_years_end(
    world: World, liu: Any
) -> None:
    delivered(world, world.elder, "wheelchair", date(2025, 5, 3))
    delivered(world, liu, "wheelchair", date(2026, 3, 10))
    # 兴隆镇's delivery is not 冷碛镇's
    delivered(world, world.other, "wheelchair", date(2026, 4, 1))
    every = target(world)

    with assert_num_queries(2):
        progress = target_progress(every, TODAY)

    assert by_year(progress) == {
        # 2025: 王大爷 served; 刘伯 still eligible and not served on 31 December
        2025: ("past", 1, 1, 1, 50),
        # 2026 (to today): 刘伯 served; nobody left
        2026: ("current", 1, 2, 0, 100),
        2027: ("future", 0, 2, None, None),
    }
    assert progress.status == TargetStatus.MET
    assert progress.shown.year == 2026


def test_a_count_target_reads_its_goal(world: World, liu: Any) -> None:
    delivered(world, world.elder, "wheelchair", date(2025, 5, 3))
    delivered(world, liu, "wheelchair", date(2026, 3, 10))
    count = target(world, measure="count", goal=3, title="三年配发三台轮椅")

    progress = target_progress(count, TODAY)

    assert by_year(progress) == {
        2025: ("past", 1, 1, None, 33),
        2026: ("current", 1, 2, None, 66),
        2027: ("future", 0, 2, None, None),
    }
    # Two of three in the second of three years: on track
    assert progress.status == TargetStatus.ON_TRACK


def test_the_county_target_counts_both_townships(world: World) -> None:
    delivered(world, world.elder, "wheelchair", date(2026, 5, 3))
    county = target(world, unit=world.region.county, years=(2026, 2026))

    progress = target_progress(county, TODAY)

    # 周奶奶 of 兴隆镇 is still eligible and not served; in its one year, it is not late yet
    assert by_year(progress) == {2026: ("current", 1, 1, 1, 50)}
    assert progress.status == TargetStatus.ON_TRACK


def test_a_delivery_before_the_first_year_is_not_the_targets(world: World) -> None:
    delivered(world, world.elder, "wheelchair", date(2024, 11, 3))
    every = target(world, years=(2025, 2026))

    progress = target_progress(every, TODAY)

    # Served before: not counted, and not remaining either
    assert by_year(progress) == {
        2025: ("past", 0, 0, 0, 100),
        2026: ("current", 0, 0, 0, 100),
    }


def test_the_progress_of_many_targets_takes_two_statements(world: World, liu: Any) -> None:
    delivered(world, world.elder, "wheelchair", date(2025, 5, 3))
    targets = [target(world, title=f"目标{n}") for n in range(5)]
    targets += [target(world, measure="count", goal=n + 1, title=f"计数{n}") for n in range(5)]
    targets = list(ServiceTarget.objects.select_related("target__org_unit", "service"))

    with assert_num_queries(2):
        found = targets_progress(targets, TODAY)

    assert {p.shown.cumulative for p in found.values()} == {1}


@pytest.mark.parametrize(
    ("today", "delivered_years", "status"),
    [
        (date(2024, 6, 1), [], TargetStatus.NOT_STARTED),
        (date(2025, 6, 1), [], TargetStatus.ON_TRACK),  # the first year: nothing is late yet
        (date(2026, 6, 1), [], TargetStatus.BEHIND),
        (date(2026, 6, 1), [2025], TargetStatus.ON_TRACK),  # 1 of 3 after one year of three
        (date(2027, 6, 1), [2025, 2026, 2027], TargetStatus.MET),
        (date(2028, 6, 1), [2025, 2026], TargetStatus.MISSED),
    ],
)
def test_the_status_of_a_count_target(
    today: date, delivered_years: list[int], status: TargetStatus
) -> None:
    progress = progress_of(
        measure="count",
        goal=3,
        start_year=2025,
        end_year=2027,
        today=today,
        deliveries=[(n, date(year, 3, 1)) for n, year in enumerate(delivered_years)],
        remaining={},
    )
    assert progress.status == status


@pytest.mark.parametrize(
    ("served", "left", "status"),
    [
        (0, 3, TargetStatus.BEHIND),  # a year of three over, nobody served
        (1, 2, TargetStatus.ON_TRACK),  # a third served after a third of the years
        (3, 0, TargetStatus.MET),
    ],
)
def test_the_status_of_an_every_eligible_target(
    served: int, left: int, status: TargetStatus
) -> None:
    progress = progress_of(
        measure="all_served",
        goal=None,
        start_year=2025,
        end_year=2027,
        today=date(2026, 6, 1),
        deliveries=[(n, date(2025, 3, 1)) for n in range(served)],
        remaining={2025: left, 2026: left},
    )
    assert progress.status == status
    assert progress.shown.remaining == left


def test_a_person_delivered_twice_counts_once() -> None:
    progress = progress_of(
        measure="count",
        goal=2,
        start_year=2025,
        end_year=2026,
        today=date(2026, 6, 1),
        deliveries=[(7, date(2025, 3, 1)), (7, date(2026, 3, 1))],
        remaining={},
    )
    assert [(y.delivered, y.cumulative) for y in progress.years] == [(1, 1), (1, 1)]


# --- The services' checks ---------------------------------------------------------------


def data(**changes: Any) -> TargetData:
    values: dict[str, Any] = {
        "service": service("housing_renovation"),
        "title": "三年内消除散居五保户危房",
        "start_year": 2025,
        "end_year": 2027,
        "measure": "all_served",
        "goal": None,
    }
    return TargetData(**{**values, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter the target's title."),
        ({"title": "长" * 101}, "title", "100"),
        ({"start_year": 1999}, "start_year", "Enter a year from 2000 to 2100."),
        ({"end_year": 2101}, "end_year", "Enter a year from 2000 to 2100."),
        ({"end_year": 2024}, "end_year", "The last year cannot be before the first year."),
        ({"end_year": 2035}, "end_year", "A target spans at most 10 years."),
        ({"measure": "most"}, "measure", "Choose how the target is measured."),
        (
            {"measure": "count", "goal": None},
            "goal",
            "Enter the number of persons to serve, from 1 to 1,000,000.",
        ),
        (
            {"measure": "count", "goal": 0},
            "goal",
            "Enter the number of persons to serve, from 1 to 1,000,000.",
        ),
    ],
)
def test_a_bad_target_is_refused_and_nothing_is_stored(
    world: World, changes: dict[str, Any], field: str, message: str
) -> None:
    from guanai.inkind.coverage import target_create

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        target_create(world.lengqi_leader, unit=world.region.lengqi, data=data(**changes))

    assert refused.value.field == field
    assert message in str(refused.value.message)
    assert not ServiceTarget.objects.exists()


def test_ten_years_are_allowed_and_an_every_eligible_target_keeps_no_goal(world: World) -> None:
    from guanai.inkind.coverage import target_create

    made = target_create(
        world.lengqi_leader, unit=world.region.lengqi, data=data(end_year=2034, goal=5)
    )
    assert (made.start_year, made.end_year, made.goal) == (2025, 2034, None)


def test_a_stopped_service_takes_no_new_target(world: World) -> None:
    from guanai.inkind.coverage import target_create

    stopped = service("low_rent_housing")
    stopped.active = False
    stopped.save()
    with translation.override("en"), pytest.raises(ValidationFailed, match="no longer offered"):
        target_create(world.lengqi_leader, unit=world.region.lengqi, data=data(service=stopped))


def test_only_a_leader_over_the_unit_sets_its_targets(world: World) -> None:
    from guanai.inkind.coverage import target_create

    with pytest.raises(PermissionRefused):
        target_create(world.lengqi_worker, unit=world.region.lengqi, data=data())
    # 冷碛镇's leader sets none of the county's
    with pytest.raises(PermissionRefused):
        target_create(world.lengqi_leader, unit=world.region.county, data=data())
    assert not ServiceTarget.objects.exists()


def test_a_target_is_changed_with_its_version_and_a_stale_one_refused(world: World) -> None:
    made = target(world)

    changed = target_update(
        world.lengqi_leader,
        made,
        version=made.version,
        data=data(service=service("wheelchair"), title="轮椅全覆盖", measure="count", goal=4),
    )
    assert (changed.title, changed.goal, changed.version) == ("轮椅全覆盖", 4, 2)

    with translation.override("en"), pytest.raises(StaleEdit, match="Someone changed this target"):
        target_update(world.lengqi_leader, made, version=1, data=data(title="旧的"))
    assert ServiceTarget.objects.get().title == "轮椅全覆盖"


def test_a_worker_changes_no_target(world: World) -> None:
    made = target(world)
    with pytest.raises(PermissionRefused):
        target_update(world.lengqi_worker, made, version=made.version, data=data(title="改"))
    assert ServiceTarget.objects.get().title == "轮椅应配尽配"


def test_an_archived_target_is_kept_and_changes_no_more(world: World) -> None:
    made = target(world)

    archived = target_archive(world.lengqi_leader, made, version=made.version)

    assert archived.archived_at is not None
    with translation.override("en"), pytest.raises(ValidationFailed, match="archived"):
        target_update(world.lengqi_leader, made, version=archived.version, data=data())
