"""The cross-check summary: findings by kind, open and resolved, days to resolve, scoped
by the unit passed in; the monthly figures; the dashboard panel's rows for a user."""

from __future__ import annotations

import datetime as dt

import pytest

from guanai.accounts.models import Role
from guanai.crosscheck.models import FindingKind
from guanai.crosscheck.summary import findings_summary, month_figures, report_panel
from tests import factories
from tests.crosscheck.summary_support import DAY, at, check_list, finding
from tests.crosscheck.support import World
from tests.support.queries import assert_num_queries, assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db
K = FindingKind


def test_findings_are_counted_by_kind_with_the_days_to_resolve(world: World) -> None:
    lengqi = world.region.lengqi
    listed = check_list(lengqi)
    for days in (1, 2, 6):  # median 2, mean 3
        finding(lengqi, K.DEATH_ACTIVE_FILE, listed=listed, resolved=at(DAY + dt.timedelta(days)))
    finding(lengqi, K.DEATH_ON_ROLL, listed=listed, urgent=True)
    finding(lengqi, K.DEATH_ON_ROLL, listed=listed)
    for days in (1, 3):  # even: the mean of the two middle ones
        finding(lengqi, K.NAME_DIFFERS, listed=listed, resolved=at(DAY + dt.timedelta(days)))
    rows = findings_summary(lengqi, as_of=DAY + dt.timedelta(30))
    assert [r.kind for r in rows] == [K.DEATH_ACTIVE_FILE, K.DEATH_ON_ROLL, K.NAME_DIFFERS]
    active, on_roll, names = rows
    assert (active.open, active.resolved, active.median_days, active.mean_days) == (0, 3, 2, 3)
    assert (on_roll.open, on_roll.urgent, on_roll.resolved) == (2, 1, 0)
    assert on_roll.median_days is None and on_roll.mean_days is None
    assert (names.median_days, names.mean_days) == (2, 2)
    assert str(on_roll.label) == str(K.DEATH_ON_ROLL.label)


def test_only_the_units_subtree_counts(world: World) -> None:
    finding(world.region.lengqi, K.DEATH_ON_ROLL)
    finding(world.region.xinglong, K.DEATH_ON_ROLL)
    finding(world.region.xinglong, K.MOVED_AWAY)
    assert [(r.kind, r.open) for r in findings_summary(world.region.lengqi, as_of=DAY)] == [
        (K.DEATH_ON_ROLL, 1)
    ]
    county = {r.kind: r.open for r in findings_summary(world.region.county, as_of=DAY)}
    assert county == {K.DEATH_ON_ROLL: 2, K.MOVED_AWAY: 1}


def test_as_of_a_day_a_later_resolution_is_still_open_and_a_later_finding_absent(
    world: World,
) -> None:
    lengqi = world.region.lengqi
    finding(lengqi, K.DEATH_ACTIVE_FILE, resolved=at(DAY + dt.timedelta(5)))
    finding(lengqi, K.DEATH_ACTIVE_FILE, found=DAY + dt.timedelta(3))
    (row,) = findings_summary(lengqi, as_of=DAY + dt.timedelta(1))
    assert (row.open, row.resolved, row.mean_days) == (1, 0, None)
    (row,) = findings_summary(lengqi, as_of=DAY + dt.timedelta(5))
    assert (row.open, row.resolved) == (1, 1)


def test_a_unit_without_findings_has_no_rows_in_one_query(world: World) -> None:
    with assert_num_queries(1):
        assert findings_summary(world.region.lengqi) == []


def test_the_summary_is_two_queries_at_1_and_50_findings(world: World) -> None:
    lengqi = world.region.lengqi
    listed = check_list(lengqi)
    finding(lengqi, K.DEATH_ACTIVE_FILE, listed=listed, resolved=at(DAY + dt.timedelta(2)))
    with count_queries() as small:
        findings_summary(lengqi, as_of=DAY + dt.timedelta(9))
    kinds = list(K.values)
    for n in range(49):
        resolved = at(DAY + dt.timedelta(1 + n % 4)) if n % 2 else None
        finding(lengqi, kinds[n % len(kinds)], listed=listed, resolved=resolved)
    with count_queries() as large:
        rows = findings_summary(lengqi, as_of=DAY + dt.timedelta(9))
    assert_same_query_count(small, large)
    assert len(small.captured_queries) == 2
    assert sum(r.open + r.resolved for r in rows) == 50


def test_the_months_figures(world: World) -> None:
    lengqi = world.region.lengqi
    may = check_list(lengqi, DAY)
    check_list(lengqi, dt.date(2026, 4, 30))  # April's
    check_list(world.region.xinglong, DAY)  # another township's
    finding(lengqi, K.DEATH_ON_ROLL, listed=may)  # found in May, open at its end
    finding(lengqi, K.NAME_DIFFERS, listed=may, resolved=at(dt.date(2026, 5, 20)))
    april = dict(found=dt.date(2026, 4, 2), listed=may)
    finding(lengqi, K.DEATH_ACTIVE_FILE, resolved=at(DAY), **april)  # resolved in May
    finding(lengqi, K.MOVED_AWAY, resolved=at(dt.date(2026, 6, 1)), **april)  # open at its end
    with assert_num_queries(2):
        figures = month_figures(lengqi, dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    assert (figures.lists, figures.found, figures.resolved, figures.open_end) == (1, 2, 2, 2)


def test_the_panel_shows_what_the_user_may_read(world: World) -> None:
    finding(world.region.lengqi, K.DEATH_ON_ROLL)
    finding(world.region.xinglong, K.DEATH_ON_ROLL)
    county = world.region.county
    rows = report_panel(world.county_leader, county, DAY)
    assert [(r.kind, r.open) for r in rows] == [(K.DEATH_ON_ROLL, 2)]
    # A township's worker reading the county's figures sees their own township's only.
    rows = report_panel(world.lengqi_worker, county, DAY)
    assert [(r.kind, r.open) for r in rows] == [(K.DEATH_ON_ROLL, 1)]


def test_the_panel_is_empty_for_a_user_without_the_pages(world: World) -> None:
    finding(world.region.lengqi, K.DEATH_ON_ROLL)
    volunteer = factories.user(
        unit=world.region.lengqi, role=Role.VOLUNTEER, username="cc_volunteer"
    )
    assert report_panel(volunteer, world.region.lengqi, DAY) == []
