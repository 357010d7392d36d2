"""Needs: posted by a unit's staff, refused when bad, seen on the county's board."""

from __future__ import annotations

import pytest

from guanai.accounts.models import User
from guanai.community import giving
from guanai.community.models.giving import Need
from guanai.core.errors import PermissionRefused, ValidationFailed
from tests import factories
from tests.community.giving_support import (
    OPENED,
    goods,
    special_school,
    volunteer,
    washing_machines,
)
from tests.conftest import Region


def test_a_worker_posts_the_schools_need_and_it_is_open(
    region: Region, county_leader: User
) -> None:
    school = special_school(region)

    need = washing_machines(county_leader, school)

    assert (need.item, need.quantity, need.measure, need.posted_by) == (
        "大容量洗衣机",
        4,
        "台",
        county_leader,
    )
    assert giving.progress_of(need).status == giving.NeedStatus.OPEN


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -4}, "quantity"),
        ({"quantity": 100_001}, "quantity"),
        ({"quantity": "四"}, "quantity"),
        ({"item": "  "}, "item"),
        ({"item": "洗" * 101}, "item"),
        ({"measure": ""}, "measure"),
        ({"estimated_value": "-1"}, "estimated_value"),
        ({"estimated_value": "1e9"}, "estimated_value"),
        ({"urgency": "yesterday"}, "urgency"),
        ({"why": "因" * 1001}, "why"),
    ],
)
def test_a_bad_need_is_refused_with_its_field_and_nothing_is_saved(
    region: Region, township_worker: User, changes: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {
        "item": "餐桌",
        "quantity": 10,
        "measure": "张",
        "urgency": "soon",
        **changes,
    }

    with pytest.raises(ValidationFailed) as refused:
        giving.need_post(acting_user=township_worker, org_unit=region.lengqi_school, **values)  # type: ignore[arg-type]

    assert refused.value.field == field
    assert not Need.objects.exists()


def test_another_townships_worker_may_not_post_for_this_school(
    region: Region, other_township_worker: User
) -> None:
    with pytest.raises(PermissionRefused):
        washing_machines(other_township_worker, region.lengqi_school)

    assert not Need.objects.exists()


def test_a_need_for_a_person_must_be_for_one_of_the_units_persons(
    region: Region, township_worker: User
) -> None:
    elsewhere = factories.person(region.xinglong_school, "王五")

    with pytest.raises(ValidationFailed) as refused:
        giving.need_post(
            acting_user=township_worker,
            org_unit=region.lengqi_school,
            person=elsewhere,
            item="轮椅",
            quantity=1,
            measure="台",
        )

    assert refused.value.field == "person"


def test_the_board_shows_the_countys_open_needs_to_a_volunteer_group_and_not_the_met(
    region: Region, county_leader: User, township_worker: User, other_township_worker: User
) -> None:
    # Given needs at two townships' schools, one met in full
    machines = washing_machines(county_leader, special_school(region))
    tables = giving.need_post(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        item="餐桌",
        quantity=5,
        measure="张",
        posted_on=OPENED,
    )
    goods(township_worker, need=tables, quantity=5, item="餐桌")
    stools = giving.need_post(
        acting_user=other_township_worker,
        org_unit=region.xinglong_school,
        item="凳子",
        quantity=20,
        measure="个",
    )

    # Then a volunteer of the county's group sees the open ones of the whole county
    board = list(giving.needs_list(volunteer(region)))
    assert {n.pk for n in board} == {machines.pk, stools.pk}
    # and a township's worker those of the township only, met ones on asking
    assert list(giving.needs_list(township_worker)) == []
    everything = giving.needs_list(township_worker, open_only=False)
    assert [n.pk for n in everything] == [tables.pk]
    assert giving.progress_of(everything[0]).status == giving.NeedStatus.MET


def test_a_volunteer_does_not_see_who_a_persons_need_is_for(
    region: Region, township_worker: User
) -> None:
    child = factories.person(region.lengqi_school, "赵六")
    need = giving.need_post(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        person=child,
        item="助听器",
        quantity=1,
        measure="副",
    )

    assert giving.sees_need_person(township_worker, need)
    assert not giving.sees_need_person(volunteer(region), need)
