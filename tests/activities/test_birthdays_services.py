"""Birthdays through the services and selectors: lunar birthdays, celebrations, a month's list."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from guanai.accounts.models import Role, User
from guanai.activities.birthdays import (
    birthdays_of_month,
    celebration_record,
    celebration_undo,
    lunar_birthday_clear,
    lunar_birthday_set,
    unit_birthdays,
)
from guanai.activities.models.birthdays import Celebration, CelebrationHow, LunarBirthday
from guanai.care.models import HelperRole
from guanai.care.pairing import pairing_start
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, ValidationFailed
from tests import factories
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

MAY = dt.date(2026, 5, 1)


def names(rows: list) -> list[tuple[str, str, bool]]:
    return [(r.person.name, r.on.isoformat(), r.is_lunar) for r in rows]


def test_a_month_lists_solar_and_converted_lunar_birthdays_by_date(
    region: Region, township_worker: User
) -> None:
    # Given three persons of 冷碛镇 and one of 兴隆镇 born in May, one keeping a lunar birthday
    zhang = factories.person(region.ganlusi, "张伟", birth_date=dt.date(2015, 5, 20))
    li = factories.person(region.lengqi, "李娜", birth_date=dt.date(2014, 5, 3))
    wang = factories.person(region.lengqi, "王芳", birth_date=dt.date(2016, 9, 9))
    factories.person(region.xinglong, "赵强", birth_date=dt.date(2015, 5, 10))
    # 四月初八 of 2026 is 24 May; 王芳's solar birthday (September) no longer counts.
    lunar_birthday_set(acting_user=township_worker, person=wang, month=4, day=8)
    # When the worker reads May 2026
    rows = birthdays_of_month(township_worker, MAY)
    # Then 冷碛镇's three are listed by date, 王芳 on her lunar birthday
    assert names(rows) == [
        ("李娜", "2026-05-03", False),
        ("张伟", "2026-05-20", False),
        ("王芳", "2026-05-24", True),
    ]
    assert rows[2].year == 2026 and rows[2].celebration is None
    assert zhang.pk == rows[1].person.pk and li.pk == rows[0].person.pk
    assert birthdays_of_month(township_worker, dt.date(2026, 9, 1)) == []


def test_a_twelfth_month_birthday_of_last_lunar_year_is_in_january(
    region: Region, township_worker: User
) -> None:
    person = factories.person(region.lengqi, "刘洋", birth_date=dt.date(2010, 2, 3))
    lunar_birthday_set(acting_user=township_worker, person=person, month="12", day="20")
    rows = birthdays_of_month(township_worker, dt.date(2024, 1, 1))
    assert names(rows) == [("刘洋", "2024-01-30", True)]
    # It is the birthday of lunar year 2023, and a celebration is recorded for that year.
    assert rows[0].year == 2023


def test_a_leap_month_birthday_in_a_year_without_the_leap_month(
    region: Region, township_worker: User
) -> None:
    person = factories.person(region.lengqi, "陈静", birth_date=dt.date(2012, 4, 20))
    lunar_birthday_set(acting_user=township_worker, person=person, month=2, day=30, leap=True)
    # 2023 has a 29-day 闰二月: the 30th falls on its 29th, 19 April.
    assert names(birthdays_of_month(township_worker, dt.date(2023, 4, 1))) == [
        ("陈静", "2023-04-19", True)
    ]
    # 2024 has no leap month: 二月三十 of 2024 is 9 April (二月 has 30 days that year).
    assert names(birthdays_of_month(township_worker, dt.date(2024, 4, 1))) == [
        ("陈静", "2024-04-08", True)
    ]


def test_29_february_falls_on_the_28th_in_a_common_year(
    region: Region, township_worker: User
) -> None:
    factories.person(region.lengqi, "杨帆", birth_date=dt.date(2016, 2, 29))
    assert names(birthdays_of_month(township_worker, dt.date(2027, 2, 1))) == [
        ("杨帆", "2027-02-28", False)
    ]
    assert names(birthdays_of_month(township_worker, dt.date(2028, 2, 1))) == [
        ("杨帆", "2028-02-29", False)
    ]


def test_archived_persons_and_persons_not_yet_born_are_left_out(
    region: Region, township_worker: User
) -> None:
    factories.person(
        region.lengqi,
        "黄磊",
        birth_date=dt.date(2010, 5, 5),
        archived=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    factories.person(region.lengqi, "周杰", birth_date=dt.date(2026, 5, 2))
    assert birthdays_of_month(township_worker, MAY) == []
    assert names(birthdays_of_month(township_worker, dt.date(2027, 5, 1))) == [
        ("周杰", "2027-05-02", False)
    ]


def test_the_unit_filter_narrows_the_list_to_a_subtree(region: Region, county_leader: User) -> None:
    factories.person(region.ganlusi, "张伟", birth_date=dt.date(2015, 5, 20))
    factories.person(region.shencun, "赵强", birth_date=dt.date(2015, 5, 10))
    assert [r.person.name for r in birthdays_of_month(county_leader, MAY)] == ["赵强", "张伟"]
    assert [r.person.name for r in birthdays_of_month(county_leader, MAY, region.lengqi)] == [
        "张伟"
    ]
    # A unit the user cannot read gives nothing more than the user's scope.
    worker = factories.user(unit=region.xinglong, role=Role.WORKER, username="x2")
    assert [r.person.name for r in birthdays_of_month(worker, MAY, region.lengqi)] == []


def test_a_system_administrator_sees_no_birthdays(region: Region, county_sysadmin: User) -> None:
    factories.person(region.lengqi, "张伟", birth_date=dt.date(2015, 5, 20))
    assert birthdays_of_month(county_sysadmin, MAY) == []


def test_a_helper_sees_the_birthdays_of_the_persons_paired_with_them(
    region: Region, township_worker: User, school_helper: User
) -> None:
    paired = factories.person(region.lengqi_school, "孙丽", birth_date=dt.date(2015, 5, 6))
    factories.person(region.lengqi_school, "钱明", birth_date=dt.date(2015, 5, 7))
    assert birthdays_of_month(school_helper, MAY) == []
    pairing_start(
        acting_user=township_worker,
        person=paired,
        helper=school_helper,
        role=HelperRole.CLASS_TEACHER,
        started_on=dt.date(2026, 3, 1),
    )
    assert [r.person.name for r in birthdays_of_month(school_helper, MAY)] == ["孙丽"]


def test_lunar_birthday_set_refuses_bad_input_and_changes_nothing(
    region: Region, township_worker: User
) -> None:
    person = factories.person(region.lengqi, "张伟", birth_date=dt.date(2015, 5, 20))
    lunar_birthday_set(acting_user=township_worker, person=person, month=4, day=8)
    for month, day, message in [
        (13, 1, "A lunar year has months 1 to 12; there is no month 13."),
        (4, 31, "A lunar month has days 1 to 30; there is no day 31."),
        ("", 8, "Enter the lunar month (1–12)."),
    ]:
        with translation.override("en"), pytest.raises(ValidationFailed) as raised:
            lunar_birthday_set(acting_user=township_worker, person=person, month=month, day=day)
        assert str(raised.value.message) == message
    kept = LunarBirthday.objects.get(person=person)
    assert (kept.month, kept.day, kept.is_leap, kept.set_by) == (4, 8, False, township_worker)


def test_only_roster_keepers_set_or_clear_a_lunar_birthday(
    region: Region, township_worker: User, other_township_worker: User, prefecture_viewer: User
) -> None:
    person = factories.person(region.lengqi, "张伟", birth_date=dt.date(2015, 5, 20))
    for user in (other_township_worker, prefecture_viewer):
        with pytest.raises(PermissionRefused):
            lunar_birthday_set(acting_user=user, person=person, month=4, day=8)
    assert not LunarBirthday.objects.exists()
    lunar_birthday_set(acting_user=township_worker, person=person, month=4, day=8, leap=True)
    with pytest.raises(PermissionRefused):
        lunar_birthday_clear(acting_user=prefecture_viewer, person=person)
    lunar_birthday_clear(acting_user=township_worker, person=person)
    assert not LunarBirthday.objects.exists()
    with translation.override("en"), pytest.raises(ValidationFailed) as raised:
        lunar_birthday_clear(acting_user=township_worker, person=person)
    assert str(raised.value.message) == "This person keeps no lunar birthday."


@time_machine.travel(dt.datetime(2026, 5, 21, 9, tzinfo=dt.UTC), tick=False)
def test_a_celebration_is_recorded_once_a_year_and_shown_on_the_list(
    region: Region, township_worker: User
) -> None:
    person = factories.person(region.lengqi, "张伟", birth_date=dt.date(2015, 5, 20))
    made = celebration_record(
        acting_user=township_worker,
        person=person,
        year=2026,
        how=CelebrationHow.CARD,
        note=" 贺卡  一张 ",
    )
    assert (made.on, made.by, made.note, made.lunar) == (
        dt.date(2026, 5, 21),
        township_worker,
        "贺卡 一张",
        False,
    )
    [row] = birthdays_of_month(township_worker, MAY)
    assert row.celebration == made
    # A second record of the same year is refused; nothing changes.
    with translation.override("en"), pytest.raises(ValidationFailed) as raised:
        celebration_record(
            acting_user=township_worker, person=person, year=2026, how=CelebrationHow.PARTY
        )
    assert str(raised.value.message) == (
        "This birthday was already recorded as celebrated on 21 May 2026."
    )
    assert Celebration.objects.get().how == CelebrationHow.CARD
    # Undone, the list shows it not celebrated again.
    celebration_undo(acting_user=township_worker, person=person, year=2026)
    [row] = birthdays_of_month(township_worker, MAY)
    assert row.celebration is None


@time_machine.travel(dt.datetime(2026, 5, 21, 9, tzinfo=dt.UTC), tick=False)
def test_a_celebration_refuses_bad_input(region: Region, township_worker: User) -> None:
    person = factories.person(region.lengqi, "张伟", birth_date=dt.date(2015, 5, 20))
    cases = [
        ({"how": "cake"}, "Choose how the birthday was celebrated: card, wishes, party or other."),
        (
            {"on": dt.date(2026, 5, 22)},
            "A celebration is recorded on or after its day, not ahead of it.",
        ),
        ({"year": 2101}, "Choose a year from 1900 to 2100."),
        ({"note": "长" * 201}, None),
    ]
    for change, message in cases:
        values = {"year": 2026, "how": "card", **change}
        with translation.override("en"), pytest.raises(ValidationFailed) as raised:
            celebration_record(acting_user=township_worker, person=person, **values)  # type: ignore[arg-type]
        if message is not None:
            assert str(raised.value.message) == message
        else:
            assert "200" in str(raised.value.message)
    assert not Celebration.objects.exists()
    with translation.override("en"), pytest.raises(ValidationFailed) as raised:
        celebration_undo(acting_user=township_worker, person=person, year=2026)
    assert str(raised.value.message) == "No celebration of this birthday is recorded."


def test_a_paired_helper_records_a_celebration_and_others_may_not(
    region: Region, township_worker: User, school_helper: User, other_township_worker: User
) -> None:
    person = factories.person(region.lengqi_school, "孙丽", birth_date=dt.date(2015, 5, 6))
    with pytest.raises(PermissionRefused):
        celebration_record(acting_user=school_helper, person=person, year=2026, how="wishes")
    with pytest.raises(PermissionRefused):
        celebration_record(acting_user=other_township_worker, person=person, year=2026, how="card")
    pairing_start(
        acting_user=township_worker,
        person=person,
        helper=school_helper,
        role=HelperRole.CLASS_TEACHER,
        started_on=dt.date(2026, 3, 1),
    )
    made = celebration_record(
        acting_user=school_helper, person=person, year=2026, how="wishes", on=dt.date(2026, 5, 6)
    )
    assert made.by == school_helper
    # A helper paired with the person still may not change the file's lunar birthday.
    with pytest.raises(PermissionRefused):
        lunar_birthday_set(acting_user=school_helper, person=person, month=4, day=8)


def test_an_archived_file_is_not_changed(region: Region, township_worker: User) -> None:
    person = factories.person(
        region.lengqi,
        "黄磊",
        birth_date=dt.date(2010, 5, 5),
        archived=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    with translation.override("en"), pytest.raises(ValidationFailed) as raised:
        lunar_birthday_set(acting_user=township_worker, person=person, month=1, day=1)
    assert str(raised.value.message) == "This person's file is archived; it is not changed."
    assert not LunarBirthday.objects.exists()


@pytest.mark.parametrize("count", [1, 50])
def test_the_month_list_runs_the_same_queries_at_1_and_50_rows(
    region: Region, township_worker: User, count: int
) -> None:
    def make(n: int) -> None:
        for i in range(n):
            person = factories.person(
                region.lengqi, f"人{i}", birth_date=dt.date(2015, 5, 1 + i % 28)
            )
            if i % 2:
                lunar_birthday_set(acting_user=SYSTEM, person=person, month=4, day=1 + i % 14)
            celebration_record(
                acting_user=SYSTEM, person=person, year=2026, how="card", on=dt.date(2026, 1, 1)
            )

    make(1)
    birthdays_of_month(township_worker, MAY)  # the memberships are cached on the user
    with count_queries() as small:
        assert len(birthdays_of_month(township_worker, MAY)) == 1
    make(count)
    with count_queries() as large:
        rows = birthdays_of_month(township_worker, MAY)
        assert all(r.celebration is not None and r.celebration.by is None for r in rows)
    assert len(rows) == 1 + count
    assert_same_query_count(small, large)
    assert len(small.captured_queries) == 2


def test_unit_birthdays_reads_the_units_subtree(region: Region) -> None:
    factories.person(region.ganlusi, "张伟", birth_date=dt.date(2015, 5, 20))
    factories.person(region.shencun, "赵强", birth_date=dt.date(2015, 5, 10))
    assert [r.person.name for r in unit_birthdays(region.lengqi, MAY)] == ["张伟"]
    assert [r.person.name for r in unit_birthdays(region.county, MAY)] == ["赵强", "张伟"]
