"""Registering, editing and archiving persons (services), and the scoped roster."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection

from guanai.accounts.models import Role, User
from guanai.accounts.scoping import Actor
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.idnumber import make_id
from guanai.orgs.models import OrgUnit
from guanai.registry import selectors, services
from guanai.registry.models import Category, Person
from tests import factories
from tests.conftest import Region

ZHANG = make_id("513322", date(2015, 3, 4), 123)  # odd sequence: a boy


def _register(user: Actor, unit: OrgUnit, name: str = "张三", **values: Any) -> Person:
    return services.person_register(
        acting_user=user, org_unit=unit, data=services.PersonData(name=name, **values)
    )


def test_register_derives_birth_date_gender_and_pinyin(
    region: Region, township_worker: User
) -> None:
    spaced = f"{ZHANG[:6]} {ZHANG[6:14]} {ZHANG[14:]}"
    person = _register(township_worker, region.lengqi, id_number=spaced)
    assert person.birth_date == date(2015, 3, 4)
    assert person.gender == "male"
    assert person.name_pinyin == "zhangsan"
    assert person.name_initials == "zs"
    assert person.province_code == "51"


def test_id_number_is_encrypted_at_rest(region: Region, township_worker: User) -> None:
    person = _register(township_worker, region.lengqi, id_number=ZHANG, phone="13812345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM registry_person WHERE id = %s", [person.pk])
        stored_id, stored_phone = cursor.fetchone()
    assert ZHANG not in stored_id
    assert "13812345678" not in stored_phone
    assert Person.objects.get(pk=person.pk).id_number == ZHANG


def test_same_id_cannot_be_registered_twice(region: Region, township_worker: User) -> None:
    first = _register(township_worker, region.lengqi, id_number=ZHANG)
    with pytest.raises(services.DuplicatePerson) as caught:
        _register(township_worker, region.ganlusi, name="张叁", id_number=" " + ZHANG + " ")
    assert caught.value.existing == first
    assert Person.objects.count() == 1


def test_contradicting_birth_date_is_refused(region: Region, township_worker: User) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _register(township_worker, region.lengqi, id_number=ZHANG, birth_date=date(2015, 3, 5))
    assert caught.value.field == "birth_date"
    assert not Person.objects.exists()


def test_worker_cannot_register_in_another_township(region: Region, township_worker: User) -> None:
    with pytest.raises(PermissionRefused):
        _register(township_worker, region.xinglong)
    assert not Person.objects.exists()


def test_viewer_cannot_register(region: Region, prefecture_viewer: User) -> None:
    with pytest.raises(PermissionRefused):
        _register(prefecture_viewer, region.lengqi)


def test_stale_edit_is_refused_with_what_changed(region: Region, township_worker: User) -> None:
    person = _register(township_worker, region.lengqi, address="甘露寺村1组")
    services.person_update(
        acting_user=township_worker,
        person=person,
        version=1,
        data=services.PersonData(name="张三", address="甘露寺村2组"),
    )
    with pytest.raises(StaleEdit) as caught:
        services.person_update(
            acting_user=township_worker,
            person=person,
            version=1,
            data=services.PersonData(name="张三", address="团结村"),
        )
    assert Person.objects.get(pk=person.pk).address == "甘露寺村2组"
    # The message names what now differs from what this clerk submitted.
    assert "现住址" in str(caught.value.message)


def test_archive_keeps_the_file(region: Region, township_worker: User) -> None:
    person = _register(township_worker, region.lengqi)
    services.person_archive(acting_user=township_worker, person=person, reason="moved_away")
    stored = Person.objects.get(pk=person.pk)
    assert stored.is_archived
    assert stored.archive_reason == "moved_away"
    with pytest.raises(ValidationFailed):
        services.person_archive(acting_user=township_worker, person=stored, reason="nonsense")


def test_ending_a_category_keeps_its_history(region: Region, township_worker: User) -> None:
    person = services.person_register(
        acting_user=township_worker,
        org_unit=region.lengqi,
        data=services.PersonData(name="李四"),
        categories=[(Category.LEFT_BEHIND, date(2024, 9, 1))],
    )
    entry = person.categories.get()
    with pytest.raises(ValidationFailed):
        services.category_end(acting_user=township_worker, entry=entry, on=date(2024, 8, 1))
    services.category_end(acting_user=township_worker, entry=entry, on=date(2025, 1, 20))
    assert person.categories.count() == 1
    found = selectors.persons_search(
        township_worker, selectors.PersonFilter(category=Category.LEFT_BEHIND)
    )
    assert list(found) == []


@pytest.mark.parametrize(
    ("query", "found"),
    [("zs", True), ("zhangs", True), ("张", True), (ZHANG, True), ("ls", False)],
)
def test_search_by_initials_pinyin_name_and_exact_id(
    region: Region, township_worker: User, query: str, found: bool
) -> None:
    _register(township_worker, region.lengqi, id_number=ZHANG)
    result = selectors.persons_search(township_worker, selectors.PersonFilter(q=query))
    assert (result.count() == 1) is found


def test_surname_table_sorts_and_finds_zeng(region: Region, township_worker: User) -> None:
    _register(township_worker, region.lengqi, name="曾强")
    _register(township_worker, region.lengqi, name="安娜")
    names = [
        p.name for p in selectors.persons_search(township_worker, selectors.PersonFilter(q="zq"))
    ]
    assert names == ["曾强"]
    ordered = [p.name for p in selectors.persons_search(township_worker, selectors.PersonFilter())]
    assert ordered == ["安娜", "曾强"]


def test_roster_is_scoped(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    county_sysadmin: User,
    school_helper: User,
) -> None:
    mine = _register(township_worker, region.lengqi_school)
    _register(other_township_worker, region.xinglong, name="王五")
    assert list(selectors.persons_visible(township_worker)) == [mine]
    assert not selectors.persons_visible(county_sysadmin).exists()
    # Helpers see the persons paired with them, which the care app adds; none until then.
    assert not selectors.persons_visible(school_helper).exists()
    leader = factories.user(unit=region.county, role=Role.LEADER)
    assert selectors.persons_visible(leader).count() == 2


def test_consent_is_asked_for_children_under_14_only(region: Region, township_worker: User) -> None:
    child = _register(township_worker, region.lengqi, id_number=ZHANG)
    adult = _register(
        township_worker,
        region.lengqi,
        name="王五",
        id_number=make_id("513322", date(1980, 1, 1), 1),
    )
    assert services.consent_missing(child, today=date(2026, 11, 28))
    assert not services.consent_missing(child, today=date(2029, 3, 4))
    assert not services.consent_missing(adult)
    services.consent_record(
        acting_user=township_worker,
        person=child,
        given_by="张奶奶",
        relation="祖母",
        given_on=date(2026, 11, 1),
        scope="登记、帮扶记录",
        purpose="关爱帮扶",
    )
    assert not services.consent_missing(child, today=date(2026, 11, 28))


def test_consent_in_the_future_or_without_scope_is_refused(
    region: Region, township_worker: User
) -> None:
    child = _register(township_worker, region.lengqi, id_number=ZHANG)
    with pytest.raises(ValidationFailed):
        services.consent_record(
            acting_user=township_worker,
            person=child,
            given_by="张奶奶",
            relation="祖母",
            given_on=date(2999, 1, 1),
            scope="登记",
            purpose="关爱",
        )
    with pytest.raises(ValidationFailed):
        services.consent_record(
            acting_user=township_worker,
            person=child,
            given_by="张奶奶",
            relation="祖母",
            given_on=date(2026, 1, 1),
            scope=" ",
            purpose="关爱",
        )
    assert not child.consents.exists()


def test_leap_day_child_turns_14_on_first_of_march(region: Region, township_worker: User) -> None:
    child = _register(
        township_worker,
        region.lengqi,
        name="闰日",
        id_number=make_id("513322", date(2016, 2, 29), 2),
    )
    assert services.consent_missing(child, today=date(2030, 2, 28))
    assert not services.consent_missing(child, today=date(2030, 3, 1))
