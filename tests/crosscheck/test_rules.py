"""Each kind of finding on both sides of its rule, and its closing when fixed elsewhere."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from guanai.benefits.rolls import roll_approve, roll_generate, roll_submit
from guanai.crosscheck.models import Finding, FindingKind, FindingStatus
from guanai.registry.models import Category, PersonCategory
from guanai.registry.services import (
    category_end,
    category_start,
    category_update_details,
)
from tests.crosscheck.support import World, outsider_id, upload

pytestmark = pytest.mark.django_db
K = FindingKind


def kinds(**filters: object) -> set[str]:
    return set(Finding.objects.filter(**filters).values_list("kind", flat=True))


def federation(*rows: list[str]) -> list[list[str]]:
    return [["姓名", "身份证号", "残疾证号", "残疾类别", "残疾等级"], *rows]


def test_a_changed_grade_is_found_and_an_equal_one_is_not(world: World) -> None:
    same = world.disabled.id_number
    upload(
        world.lengqi_worker,
        world.region.lengqi,
        "disability",
        federation(["刘残", same, same + "42", "肢体", "二级"]),
    )
    assert kinds() == set()
    upload(
        world.lengqi_worker,
        world.region.lengqi,
        "disability",
        federation(["刘残", same, same + "41", "肢体", "一级"]),
    )
    assert kinds() == {K.DISABILITY_GRADE, K.DISABILITY_CERTIFICATE}
    finding = Finding.objects.get(kind=K.DISABILITY_GRADE)
    assert finding.person == world.disabled
    assert finding.facts["grade"] == 1 and finding.facts["ours"]["grade"] == 2


def test_a_changed_certificate_is_found(world: World) -> None:
    number = world.disabled.id_number
    upload(
        world.lengqi_worker,
        world.region.lengqi,
        "disability",
        federation(["刘残", number, number + "42B1", "肢体", "二级"]),
    )
    assert kinds() == {K.DISABILITY_CERTIFICATE}


def test_the_grade_updated_on_the_file_closes_the_finding(
    world: World, django_capture_on_commit_callbacks
) -> None:
    number = world.disabled.id_number
    upload(
        world.lengqi_worker,
        world.region.lengqi,
        "disability",
        federation(["刘残", number, "", "肢体", "一级"]),
    )
    entry = PersonCategory.objects.get(person=world.disabled, category=Category.DISABLED)
    with django_capture_on_commit_callbacks(execute=True):
        category_update_details(
            acting_user=world.lengqi_worker,
            entry=entry,
            details={"type": 4, "grade": 1, "certificate_suffix": "41"},
            note="",
        )
    assert Finding.objects.get().status == FindingStatus.FIXED


def test_certified_but_not_disabled_on_file_is_found(world: World) -> None:
    upload(
        world.lengqi_worker,
        world.region.lengqi,
        "disability",
        federation(["孙明", world.healthy.id_number, "", "视力", "三级"]),
    )
    assert kinds() == {K.DISABILITY_CATEGORY}


def test_unregistered_only_within_the_units_area(world: World) -> None:
    here, elsewhere = outsider_id(), outsider_id(region="110101")
    listed = upload(
        world.lengqi_worker,
        world.region.lengqi,
        "disability",
        federation(["周新", here, "", "肢体", "三级"], ["吴外", elsewhere, "", "肢体", "三级"]),
    )
    assert listed.not_found == 2
    finding = Finding.objects.get()
    assert (finding.kind, finding.name, finding.person) == (K.DISABILITY_UNREGISTERED, "周新", None)
    assert finding.id_number == here  # kept (encrypted) to register the person
    assert finding.org_unit == world.region.lengqi


def test_a_dropped_out_left_behind_child_is_found_an_adult_is_not(world: World) -> None:
    roll = [
        ["姓名", "身份证号", "学校", "学籍状态"],
        ["陈留", world.child.id_number, "冷碛小学", "辍学"],
        ["孙明", world.healthy.id_number, "冷碛小学", "辍学"],
    ]
    upload(world.lengqi_worker, world.region.lengqi, "school", roll)
    finding = Finding.objects.get()
    assert (finding.kind, finding.person) == (K.SCHOOL_DROPPED_OUT, world.child)


def test_a_child_still_in_school_is_no_finding(world: World) -> None:
    roll = [["姓名", "身份证号", "学籍状态"], ["陈留", world.child.id_number, "在校"]]
    upload(world.lengqi_worker, world.region.lengqi, "school", roll)
    assert kinds() == set()


def test_dibao_both_ways(world: World) -> None:
    listed = [
        ["姓名", "身份证号", "户主", "保障金额"],
        ["赵低", world.dibao.id_number, "赵低", "350"],
        ["孙明", world.healthy.id_number, "孙明", "300"],
        ["郑外", outsider_id(), "郑外", "280"],
    ]
    upload(world.lengqi_worker, world.region.lengqi, "dibao", listed)
    found = {(f.kind, f.name) for f in Finding.objects.all()}
    assert found == {
        (K.DIBAO_CATEGORY, "孙明"),
        (K.DIBAO_NOT_LISTED, "钱低"),
        (K.DIBAO_UNREGISTERED, "郑外"),
    }


def test_ending_the_dibao_category_closes_not_listed(
    world: World, django_capture_on_commit_callbacks
) -> None:
    listed = [["姓名", "身份证号"], ["赵低", world.dibao.id_number]]
    upload(world.lengqi_worker, world.region.lengqi, "dibao", listed)
    assert kinds() == {K.DIBAO_NOT_LISTED}
    entry = PersonCategory.objects.get(person=world.dibao_gone, category=Category.DIBAO)
    with django_capture_on_commit_callbacks(execute=True):
        category_end(
            acting_user=world.lengqi_worker,
            entry=entry,
            on=timezone.localdate() - timedelta(days=1),
        )
    assert Finding.objects.get(kind=K.DIBAO_NOT_LISTED).status == FindingStatus.FIXED


def test_adding_the_dibao_category_closes_the_finding(
    world: World, django_capture_on_commit_callbacks
) -> None:
    listed = [["姓名", "身份证号"], ["孙明", world.healthy.id_number]]
    upload(world.lengqi_worker, world.region.lengqi, "dibao", listed)
    with django_capture_on_commit_callbacks(execute=True):
        category_start(
            acting_user=world.lengqi_worker,
            person=world.healthy,
            category=Category.DIBAO,
            on=date(2025, 1, 1),
        )
    finding = Finding.objects.get(kind=K.DIBAO_CATEGORY)
    assert finding.status == FindingStatus.FIXED and finding.resolution


def test_a_registration_moved_away_is_found_for_an_active_file_only(world: World) -> None:
    moves = [
        ["姓名", "身份证号", "迁移日期", "迁往地"],
        ["孙明", world.healthy.id_number, "2025-06-01", "成都市武侯区"],
    ]
    upload(world.lengqi_worker, world.region.lengqi, "hukou_moves", moves)
    finding = Finding.objects.get()
    assert finding.kind == K.MOVED_AWAY and "成都市武侯区" in finding.facts["place"]


def test_a_different_name_is_flagged(world: World) -> None:
    moves = [["姓名", "身份证号", "死亡日期"], ["孙敏", world.healthy.id_number, "2025-06-01"]]
    upload(world.lengqi_worker, world.region.lengqi, "deaths", moves)
    assert kinds() == {K.DEATH_ACTIVE_FILE, K.NAME_DIFFERS}
    assert Finding.objects.get(kind=K.NAME_DIFFERS).facts == {"list_name": "孙敏", "ours": "孙明"}


def test_the_same_finding_twice_stays_one(world: World) -> None:
    rows = [["姓名", "身份证号", "死亡日期"], ["孙明", world.healthy.id_number, "2025-06-01"]]
    first = upload(world.lengqi_worker, world.region.lengqi, "deaths", rows)
    second = upload(world.lengqi_worker, world.region.lengqi, "deaths", rows)
    finding = Finding.objects.get()
    assert (finding.first_list, finding.last_list) == (first, second)


def test_paid_after_death_on_an_approved_roll(world: World) -> None:
    month = timezone.localdate().replace(day=1)
    roll = roll_generate(acting_user=world.lengqi_worker, org_unit=world.region.lengqi, month=month)
    roll = roll_submit(acting_user=world.lengqi_worker, roll=roll, version=roll.version)
    roll_approve(acting_user=world.lengqi_leader, roll=roll, version=roll.version)
    rows = [["姓名", "身份证号", "死亡日期"], ["王小芳", world.orphan.id_number, month.isoformat()]]
    upload(world.lengqi_worker, world.region.lengqi, "deaths", rows)
    paid = Finding.objects.get(kind=K.DEATH_PAID)
    assert paid.facts["months"] == [month.isoformat()[:7]]
    assert float(paid.facts["amount"]) > 0
    assert not Finding.objects.filter(kind=K.DEATH_ON_ROLL).exists()


def test_died_the_month_after_the_roll_is_not_on_it(world: World) -> None:
    month = timezone.localdate().replace(day=1)
    roll_generate(
        acting_user=world.lengqi_worker,
        org_unit=world.region.lengqi,
        month=date(month.year - 1, 1, 1),
    )
    rows = [["姓名", "身份证号", "死亡日期"], ["王小芳", world.orphan.id_number, month.isoformat()]]
    upload(world.lengqi_worker, world.region.lengqi, "deaths", rows)
    assert kinds() == {K.DEATH_ACTIVE_FILE}
