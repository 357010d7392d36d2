"""Reading the lists of practical matters: overdue at its boundary in Asia/Shanghai, the
counts and the latest figure, scoping (another township 404, townships read the county's
list), fixed query counts, the panels and the today page's tasks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.governance.matters import (
    access_matter,
    counts_of,
    is_overdue,
    matter_done,
    matters_due,
    overdue_q,
    report_panel,
    rows_of,
    unit_matters,
    unit_panel,
)
from guanai.governance.models import MatterStatus, PracticalMatter
from guanai.today.sources import matters_due_soon
from tests import factories
from tests.conftest import Region
from tests.governance.matters_support import YEAR, matter, progress
from tests.support.queries import assert_same_query_count, count_queries

pytest_plugins = ["tests.governance.matters_support"]

UTC = ZoneInfo("UTC")


def test_overdue_from_the_day_after_the_deadline_in_shanghai(
    region: Region, township_worker: User
) -> None:
    made = matter(region.lengqi, township_worker, deadline=date(YEAR, 6, 30))
    # 30 June 23:30 in Shanghai is 15:30 UTC: still the deadline day.
    with time_machine.travel(datetime(YEAR, 6, 30, 15, 30, tzinfo=UTC), tick=False):
        today = timezone.localdate()
        assert today == date(YEAR, 6, 30)
        assert not rows_of(unit_matters(township_worker, region.lengqi, YEAR), today)[0].overdue
        assert counts_of(unit_matters(township_worker, region.lengqi, YEAR), today).overdue == 0
    # 30 June 16:30 UTC is 1 July 00:30 in Shanghai (UTC still says 30 June): overdue.
    with time_machine.travel(datetime(YEAR, 6, 30, 16, 30, tzinfo=UTC), tick=False):
        today = timezone.localdate()
        assert today == date(YEAR, 7, 1)
        assert rows_of(unit_matters(township_worker, region.lengqi, YEAR), today)[0].overdue
        assert counts_of(unit_matters(township_worker, region.lengqi, YEAR), today).overdue == 1
    # Done (or dropped) is never overdue.
    progress(made, link=reverse("governance:matters_index"))
    made.refresh_from_db()
    matter_done(township_worker, made, version=made.version, on=date(YEAR, 6, 1))
    assert not is_overdue(MatterStatus.DONE, date(YEAR, 6, 30), date(YEAR, 7, 1))
    assert counts_of(PracticalMatter.objects.all(), date(YEAR, 7, 1)).overdue == 0


@given(
    status=st.sampled_from(MatterStatus.values),
    deadline=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    offset=st.integers(-3, 3),
)
def test_the_sql_rule_is_the_python_rule(status: str, deadline: date, offset: int) -> None:
    today = deadline + timedelta(days=offset)
    found = overdue_q(today)
    # Evaluate the Q's conditions by hand: status in OPEN and deadline < today.
    children = dict(found.children)  # type: ignore[arg-type]
    in_sql = status in children["status__in"] and deadline < children["deadline__lt"]
    assert in_sql == is_overdue(status, deadline, today)


def test_counts_and_the_latest_figure(region: Region, township_worker: User) -> None:
    phone = matter(region.lengqi, township_worker, deadline=date(YEAR, 3, 31))
    progress(phone, on=date(YEAR, 2, 1), reached="10")
    progress(phone, on=date(YEAR, 3, 1), reached="18", text="又开通8部")
    progress(phone, on=date(YEAR, 3, 5), text="没有新数字")
    home = matter(
        region.lengqi, township_worker, title="建成留守儿童之家", target=None, target_unit=""
    )
    progress(home, link=reverse("governance:matters_index"))
    home.refresh_from_db()
    matter_done(township_worker, home, version=home.version, on=date(YEAR, 5, 2))
    matter(region.lengqi, township_worker, title="危房改造5户", target="5", target_unit="户")

    today = date(YEAR, 4, 1)
    rows = rows_of(unit_matters(township_worker, region.lengqi, YEAR), today)
    assert [r.matter.title for r in rows] == [
        "为30名留守儿童开通亲情电话",
        "建成留守儿童之家",
        "危房改造5户",
    ]
    assert rows[0].reached == Decimal(18) and rows[0].updates == 3 and rows[0].percent == 60
    assert rows[0].overdue and not rows[1].overdue and rows[2].percent is None
    counts = counts_of(unit_matters(township_worker, region.lengqi, YEAR), today)
    assert (counts.total, counts.done, counts.in_progress, counts.planned, counts.overdue) == (
        3,
        1,
        1,
        1,
        1,
    )
    assert counts.percent_done == 33
    only_done = unit_matters(township_worker, region.lengqi, YEAR, status=MatterStatus.DONE)
    assert [m.title for m in only_done] == ["建成留守儿童之家"]


def test_another_township_gets_404_and_townships_read_the_countys_list(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    county_leader: User,
    school_helper: User,
) -> None:
    lengqi = matter(region.lengqi, township_worker)
    county = matter(region.county, county_leader, title="县级：资助200名困难学生", target="200")
    with pytest.raises(Http404):
        access_matter(other_township_worker, lengqi.pk)
    assert not unit_matters(other_township_worker, region.lengqi, YEAR).exists()
    # Both townships, and a helper of a school below, read the county's list.
    for reader in (township_worker, other_township_worker, school_helper):
        assert access_matter(reader, county.pk) == county
        assert list(unit_matters(reader, region.county, YEAR)) == [county]
    # The county reads the township's list; the school's helper reads its township's.
    assert access_matter(county_leader, lengqi.pk) == lengqi
    assert access_matter(school_helper, lengqi.pk) == lengqi


def test_the_list_and_its_counts_run_a_fixed_number_of_queries(
    region: Region, township_worker: User
) -> None:
    def read() -> None:
        rows = unit_matters(township_worker, region.lengqi, YEAR)
        rows_of(rows, date(YEAR, 4, 1))
        counts_of(rows, date(YEAR, 4, 1))
        report_panel(township_worker, region.lengqi, date(YEAR, 4, 1))

    first = matter(region.lengqi, township_worker)
    progress(first, reached="3")
    read()  # the user's memberships are cached from here on
    with count_queries() as few:
        read()
    for n in range(49):
        made = matter(region.lengqi, township_worker, title=f"实事{n}")
        progress(made, reached=str(n))
    with count_queries() as many:
        read()
    assert_same_query_count(few, many)
    assert len(few.captured_queries) == 4


def test_the_panels_show_this_years_matters_of_the_unit(
    region: Region, township_worker: User, county_leader: User
) -> None:
    for n in range(12):
        matter(region.lengqi, township_worker, title=f"实事{n}", deadline=date(YEAR, 3, 1))
    matter(region.lengqi, township_worker, year=YEAR - 1, deadline=date(YEAR - 1, 3, 1))
    matter(region.lengqi_school, township_worker, lead=region.lengqi_school)
    panel = report_panel(county_leader, region.lengqi, date(YEAR, 4, 1))
    assert panel.year == YEAR and panel.counts.total == 12 and panel.counts.overdue == 12
    assert len(panel.rows) == 10 and panel.more == 2
    assert unit_panel(county_leader, region.lengqi, date(YEAR, 4, 1)).counts.total == 12


def test_the_responsible_person_sees_matters_due_within_two_weeks(
    region: Region, township_worker: User, county_leader: User
) -> None:
    today = date(YEAR, 6, 1)
    matter(region.lengqi, township_worker, title="逾期", deadline=date(YEAR, 5, 31))
    matter(region.lengqi, township_worker, title="两周内", deadline=date(YEAR, 6, 15))
    matter(region.lengqi, township_worker, title="还早", deadline=date(YEAR, 6, 16))
    matter(region.lengqi, county_leader, title="别人的", deadline=date(YEAR, 6, 2))
    dropped = matter(region.lengqi, township_worker, title="取消了", deadline=date(YEAR, 5, 1))
    dropped.status, dropped.dropped_reason = MatterStatus.DROPPED, "资金未到位"
    dropped.save()
    assert [m.title for m in matters_due(township_worker, today)] == ["逾期", "两周内"]
    with time_machine.travel(datetime(YEAR, 6, 1, 2, tzinfo=UTC), tick=False):
        batch = matters_due_soon(township_worker, timezone.localdate())
    assert batch.total == 2
    overdue, due = batch.tasks
    assert overdue.overdue and overdue.subject == "逾期" and "逾期" in overdue.why
    soon = PracticalMatter.objects.get(title="两周内")
    assert not due.overdue and due.subject == "两周内"
    assert due.action_url == reverse("governance:matter_detail", args=[soon.pk])


def test_the_today_source_costs_nothing_without_a_reading_role(region: Region) -> None:
    admin = factories.user(unit=region.lengqi, role=Role.SYSADMIN)
    scoping.memberships(admin)  # cached, as the today page has them
    with count_queries() as ctx:
        batch = matters_due_soon(admin, date(YEAR, 6, 1))
    assert batch.total == 0 and len(ctx.captured_queries) == 0
