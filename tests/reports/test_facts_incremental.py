"""Figures minutes old (issue 24 point 6): after any write a figure counts, the refresh of
the units marked dirty gives exactly the facts a full refresh gives, touching only those
units and their ancestors; a burst of writes is refreshed once; the dashboard says how old
its figures are."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from django_tasks import default_task_backend

from guanai.accounts.models import Role, User
from guanai.care.models import CareKind, HelperRole
from guanai.care.pairing import pairing_end, pairing_start
from guanai.core.actors import SYSTEM
from guanai.orgs.models import OrgUnit
from guanai.registry import services
from guanai.registry.models import Category, Person
from guanai.registry.services.transfers import transfer_accept, transfer_request
from guanai.reports.dirty import facts_mark, facts_refresh_dirty
from guanai.reports.jobs import facts_refresh_recent
from guanai.reports.kpis import survey_count_set
from guanai.reports.models import DirtyFact, Fact
from tests import factories
from tests.care.log_support import SHANGHAI, on, pupil, record, zh
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

Snapshot = dict[tuple[int, date, str], Decimal]
YESTERDAY = date(2026, 11, 19)
NOW = datetime.combine(TODAY, time(10), tzinfo=SHANGHAI)


def snapshot() -> Snapshot:
    rows = Fact.objects.values_list("org_unit_id", "month", "indicator", "value")
    return {(unit, month, indicator): value for unit, month, indicator, value in rows}


def _register(region: Region, people: dict[str, Person], worker: User) -> None:
    pupil(region.ganlusi, "新", categories=(Category.ORPHAN,))


def _category_start(region: Region, people: dict[str, Person], worker: User) -> None:
    services.category_start(
        acting_user=SYSTEM, person=people["g"], category=Category.DISABLED, on=TODAY
    )


def _category_end(region: Region, people: dict[str, Person], worker: User) -> None:
    entry = people["a"].categories.get(category=Category.DIBAO)
    # Ended yesterday: a category ending today is still in force on the counting day.
    services.category_end(acting_user=SYSTEM, entry=entry, on=YESTERDAY)


def _care_record(region: Region, people: dict[str, Person], worker: User) -> None:
    record(worker, [people["b"]], CareKind.HOME_VISIT, TODAY)


def _pairing(region: Region, people: dict[str, Person], worker: User) -> None:
    helper = factories.user(unit=region.ganlusi, role=Role.HELPER)
    pairing_start(
        acting_user=worker,
        person=people["f"],
        role=HelperRole.CLASS_TEACHER,
        helper=helper,
        started_on=TODAY,
    )


def _pairing_end(region: Region, people: dict[str, Person], worker: User) -> None:
    pairing = people["a"].pairings.get()
    pairing_end(acting_user=worker, pairing=pairing, ended_on=YESTERDAY, reason="毕业")


def _archive(region: Region, people: dict[str, Person], worker: User) -> None:
    services.person_archive(acting_user=SYSTEM, person=people["f"], reason="moved_away")


def _survey_then_register(region: Region, people: dict[str, Person], worker: User) -> None:
    # A count typed for 冷碛镇 divides into every person on file below it: a person
    # registered in a village changes the township's own figure.
    survey_count_set(acting_user=worker, unit=region.lengqi, year=2026, count=40)
    with on(TODAY, 11):
        pupil(region.ganlusi, "调")


def _transfer(region: Region, people: dict[str, Person], worker: User) -> None:
    transfer = transfer_request(
        acting_user=worker, person=people["f"], to_unit=region.xinglong_school, reason="随父母"
    )
    transfer_accept(acting_user=SYSTEM, transfer=transfer)


WRITES: dict[str, Callable[[Region, dict[str, Person], User], None]] = {
    "register a person": _register,
    "add a category": _category_start,
    "end a category": _category_end,
    "log a home visit": _care_record,
    "pair a helper": _pairing,
    "end a pairing": _pairing_end,
    "archive a file": _archive,
    "type a survey count, then register below it": _survey_then_register,
    "transfer a person to another township": _transfer,
}


@pytest.mark.parametrize("write", list(WRITES))
def test_after_a_write_the_refresh_of_the_dirty_units_equals_a_full_refresh(
    write: str,
    region: Region,
    october: dict[str, Person],
    township_worker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Given this month's and last month's facts, refreshed in full this morning
    with on(TODAY, 9):
        facts_refresh_recent()
    before = snapshot()

    # When a clerk writes (the marks are made on commit) and the dirty units are refreshed
    with on(TODAY), django_capture_on_commit_callbacks(execute=True):
        WRITES[write](region, october, township_worker)
    marked = set(DirtyFact.objects.values_list("org_unit_id", flat=True))
    with on(TODAY, 10):
        facts_refresh_dirty()
    incremental = snapshot()

    # Then the figures moved, and are exactly those of a full refresh
    assert marked and None not in marked
    assert incremental != before, "the write changed no figure"
    assert not DirtyFact.objects.exists()
    with on(TODAY, 10):
        facts_refresh_recent()
    assert incremental == snapshot()


def test_only_the_dirty_units_and_their_ancestors_are_rewritten(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    with on(TODAY, 9):
        facts_refresh_recent()

    with on(TODAY, 10):
        facts_mark([region.lengqi_school.pk])
        facts_refresh_dirty()

    rewritten = set(
        Fact.objects.filter(refreshed_at=NOW).values_list("org_unit_id", flat=True).distinct()
    )
    chain = {region.lengqi_school, region.lengqi, region.county, region.prefecture}
    assert rewritten == {unit.pk for unit in chain | {region.province}}
    untouched = Fact.objects.filter(org_unit__in=[region.xinglong, region.ganlusi])
    assert untouched.exists() and not untouched.filter(refreshed_at=NOW).exists()


def test_a_whole_month_mark_or_facts_of_yesterday_refresh_the_whole_month(
    region: Region, october: dict[str, Person]
) -> None:
    # Facts computed yesterday count this month's stocks as of yesterday: a refresh of a
    # few units cannot build on them.
    with on(date(2026, 11, 19)):
        facts_refresh_recent()
    with on(TODAY):
        facts_mark([region.lengqi_school.pk])
        facts_refresh_dirty()
        stale = Fact.objects.filter(month=date(2026, 11, 1), refreshed_at__lt=NOW)
        assert Fact.objects.filter(month=date(2026, 11, 1)).exists() and not stale.exists()
        # October's facts were as of 31 October then as now: only the marked chain moves.
        assert Fact.objects.filter(month=date(2026, 10, 1), org_unit=region.xinglong).exclude(
            refreshed_at=NOW
        )


def test_a_burst_of_writes_enqueues_one_refresh(
    region: Region, township_worker: User, django_capture_on_commit_callbacks: Any
) -> None:
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        for n in range(5):
            with on(TODAY), django_capture_on_commit_callbacks(execute=True):
                pupil(region.lengqi_school, f"学生{n}")
        queued = [r.task.name for r in default_task_backend.results]  # type: ignore[attr-defined]

    assert queued == ["facts_refresh_dirty_task"]
    # One mark per unit and month, however many writes.
    assert DirtyFact.objects.count() == 2
    with on(TODAY):
        assert set(facts_refresh_dirty()) == {"2026-10", "2026-11"}
    assert not DirtyFact.objects.exists()


def test_a_commit_of_many_rows_marks_each_unit_once(
    region: Region,
    township_worker: User,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
) -> None:
    with (
        on(TODAY),
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        transaction.atomic(),
    ):
        for n in range(10):
            pupil(region.lengqi_school if n % 2 else region.ganlusi, f"学生{n}")
    # Then each row saved marks after the commit, in a few statements.
    with on(TODAY), django_assert_max_num_queries(3 * len(callbacks)):
        for callback in callbacks:
            callback()
    assert sorted(DirtyFact.objects.values_list("org_unit_id", "month")) == sorted(
        (unit.pk, month)
        for unit in (region.lengqi_school, region.ganlusi)
        for month in (date(2026, 10, 1), date(2026, 11, 1))
    )


def test_the_dashboard_says_how_old_its_figures_are(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    with on(TODAY, 9):
        facts_refresh_recent()
    client = logged_in(township_worker)
    url = f"/reports/dashboard/{region.lengqi.pk}/2026-11/"

    with on(TODAY, 9):
        just_now = client.get(url).content.decode()
    with time_machine.travel(datetime.combine(TODAY, time(9, 7), tzinfo=SHANGHAI), tick=False):
        chinese = client.get(url).content.decode()
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # 数据刚刚更新, 数据更新于 7 分钟前
    assert zh("Figures updated just now") in just_now
    assert zh("Figures updated %(age)s ago", age="7\xa0分钟") in chinese
    assert "Figures updated 7\xa0minutes ago" in english


def test_org_units_exist_for_every_mark(region: Region) -> None:
    # A whole-month mark (the org tree changed) names no unit.
    with on(TODAY):
        facts_mark([None])
    assert list(DirtyFact.objects.values_list("org_unit_id", flat=True)) == [None, None]
    assert OrgUnit.objects.exists()
