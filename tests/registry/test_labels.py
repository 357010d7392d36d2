"""What the roster pages call things: a person's 姓名, the transfer's units, who is offered
the transfers page, and the order of names by pinyin (issue 12, point 15)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole
from guanai.care.pairing import pairing_start
from guanai.core.errors import StaleEdit
from guanai.registry import services
from guanai.registry.models import Contact, Person, Transfer
from tests import factories
from tests.conftest import Region, logged_in


def _person(user: User, region: Region, name: str, sequence: int = 1) -> Person:
    return factories.person(
        region.lengqi_school, name, by=user, born=date(2015, 5, 5), sequence=500 + sequence
    )


def _headers(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html)]


def test_the_transfers_page_names_the_sending_and_receiving_units(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    person = _person(township_worker, region, "王小明")
    services.transfer_request(
        acting_user=township_worker,
        person=person,
        to_unit=region.xinglong_school,
        reason="随父母迁居",
    )

    sent = logged_in(township_worker).get(reverse("registry:transfer_list")).content.decode()
    waiting = (
        logged_in(other_township_worker).get(reverse("registry:transfer_list")).content.decode()
    )

    assert _headers(sent) == ["姓名", "转出单位", "接收单位", "日期", "状态"]
    assert 'data-label="转出单位">冷碛镇中心小学<' in sent
    assert "起始日期" not in sent and "起始日期" not in waiting
    assert "由冷碛镇中心小学转至兴隆镇中心小学" in waiting


def test_the_roster_and_the_register_form_say_full_name(
    region: Region, township_worker: User
) -> None:
    _person(township_worker, region, "王小明")
    client = logged_in(township_worker)

    roster = client.get(reverse("registry:person_list")).content.decode()
    form = client.get(reverse("registry:person_create")).content.decode()

    assert "姓名" in _headers(roster) and "名称" not in _headers(roster)
    assert re.search(r'<label[^>]*for="id_name"[^>]*>\s*姓名', form)


def test_the_transfers_link_is_offered_only_to_who_may_open_the_page(
    region: Region, township_worker: User, school_helper: User
) -> None:
    person = _person(township_worker, region, "王小明")
    volunteer = factories.user(unit=region.lengqi_school, role=Role.VOLUNTEER)
    for helper, role in ((school_helper, HelperRole.SUBJECT_TEACHER), (volunteer, "volunteer")):
        pairing_start(
            acting_user=township_worker,
            person=person,
            helper=helper,
            role=role,
            started_on=date(2025, 9, 1),
        )
    link = f'href="{reverse("registry:transfer_list")}"'

    for reader in (school_helper, volunteer):
        client = logged_in(reader)
        roster = client.get(reverse("registry:person_list"))
        assert roster.status_code == 200 and "王小明" in roster.content.decode()
        assert link not in roster.content.decode()
        assert client.get(reverse("registry:transfer_list")).status_code == 403
    worker = logged_in(township_worker)
    assert link in worker.get(reverse("registry:person_list")).content.decode()
    assert worker.get(reverse("registry:transfer_list")).status_code == 200


def test_the_roster_keeps_each_surname_together_in_pinyin_order(
    region: Region, township_worker: User
) -> None:
    for n, name in enumerate(["陈晓", "程立", "陈安", "程安", "陈明", "章三", "张三丰", "张三"]):
        _person(township_worker, region, name, n)

    html = logged_in(township_worker).get(reverse("registry:person_list")).content.decode()

    shown = re.findall(r'<a href="/persons/\d+/">([^<]+)</a>', html)
    assert shown == ["陈安", "陈明", "陈晓", "程安", "程立", "张三", "张三丰", "章三"]


def test_field_names_in_messages_call_a_persons_name_full_name(
    region: Region, township_worker: User
) -> None:
    person = _person(township_worker, region, "王小明")
    data = services.PersonData(name="王晓明", id_number=person.id_number)
    services.person_update(acting_user=township_worker, person=person, version=1, data=data)

    stale = services.PersonData(name="王小名", id_number=person.id_number)
    with pytest.raises(StaleEdit) as refused:
        services.person_update(acting_user=township_worker, person=person, version=1, data=stale)

    assert "（改动了：姓名）" in str(refused.value.message)
    assert str(Transfer._meta.get_field("from_unit").verbose_name) == "转出单位"
    assert str(Contact._meta.get_field("name").verbose_name) == "姓名"
