"""Donations received on a volunteer visit through the API (``visit_id``): a volunteer
signed up for it records them for the host unit or one of its needs, as on the page; a
person or a fund is refused, a unit outside the host is 404, and without the visit a
volunteer records nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.community.models import VolunteerVisit
from guanai.community.models.giving import Donation, DonationMatch
from guanai.community.volunteers import VolunteerData, visit_sign_up, volunteer_add
from guanai.core.actors import SYSTEM
from tests import factories
from tests.api.conftest import bearer
from tests.community.giving_support import OPENED, county_fund, washing_machines
from tests.community.support import club_of, visit
from tests.conftest import Region

URL = "/api/community/donations"
CASH = {"donor_kind": "anonymous", "kind": "cash", "amount": "50", "on": "2026-01-06"}


def post(body: dict[str, Any], user: User) -> Any:
    return Client().post(URL, body, content_type="application/json", headers=bearer(user))


@pytest.fixture
def setting(region: Region) -> dict[str, Any]:
    club = club_of(region)
    the_visit: VolunteerVisit = visit(region, club)
    account = factories.user(unit=club.group, role=Role.VOLUNTEER, full_name="志愿者小周")
    own = volunteer_add(
        acting_user=SYSTEM,
        group=club.group,
        data=VolunteerData(name="志愿者小周", joined_on=OPENED, user=account),
    )
    visit_sign_up(acting_user=SYSTEM, visit=the_visit, volunteers=[own])
    return {"club": club, "visit": the_visit, "volunteer": account}


def test_a_volunteer_records_goods_for_the_hosts_need_on_the_visit(
    region: Region, setting: dict[str, Any]
) -> None:
    need = washing_machines(setting["club"].host, region.lengqi_school)

    answer = post(
        {
            "visit_id": setting["visit"].pk,
            "destination": "need",
            "need_id": need.pk,
            "donor_kind": "company",
            "donor_name": "泸定县兴达家电商行",
            "kind": "in_kind",
            "item": "大容量洗衣机",
            "quantity": 2,
            "measure": "台",
        },
        setting["volunteer"],
    )

    assert answer.status_code == 201, answer.content
    assert answer.json()["visit_id"] == setting["visit"].pk
    assert answer.json()["unit"]["id"] == region.lengqi_school.pk
    assert list(DonationMatch.objects.values_list("need", "quantity")) == [(need.pk, 2)]


def test_a_volunteer_records_nothing_but_the_host_units_on_the_visit(
    region: Region, setting: dict[str, Any], county_leader: User
) -> None:
    fund = county_fund(county_leader, region)
    child = factories.person(region.lengqi_school, "赵小六")
    account, visit_id = setting["volunteer"], setting["visit"].pk

    to_fund = post(
        {**CASH, "visit_id": visit_id, "destination": "fund", "fund_id": fund.pk}, account
    )
    to_person = post(
        {**CASH, "visit_id": visit_id, "destination": "person", "person_id": child.pk}, account
    )
    elsewhere = post(
        {**CASH, "visit_id": visit_id, "destination": "unit", "unit_id": region.xinglong.pk},
        account,
    )
    no_visit = post({**CASH, "destination": "unit", "unit_id": region.lengqi_school.pk}, account)

    assert (to_fund.status_code, to_person.status_code) == (400, 400)
    assert to_fund.json()["field"] == to_person.json()["field"] == "destination"
    assert elsewhere.status_code == 404
    assert no_visit.status_code == 403
    assert not Donation.objects.exists()
    done = post(
        {**CASH, "visit_id": visit_id, "destination": "unit", "unit_id": region.lengqi_school.pk},
        account,
    )
    assert done.status_code == 201, done.content
    assert Donation.objects.get().visit_id == visit_id


def test_a_volunteer_off_the_list_is_refused_and_another_groups_gets_404(
    region: Region, setting: dict[str, Any]
) -> None:
    club = setting["club"]
    idle = factories.user(unit=club.group, role=Role.VOLUNTEER)
    volunteer_add(
        acting_user=SYSTEM,
        group=club.group,
        data=VolunteerData(name="志愿者小李", joined_on=OPENED, user=idle),
    )
    other = factories.org_unit(parent=region.county, kind="volunteer_group", name="别的协会")
    stranger = factories.user(unit=other, role=Role.VOLUNTEER)
    body = {
        **CASH,
        "visit_id": setting["visit"].pk,
        "destination": "unit",
        "unit_id": region.lengqi_school.pk,
    }

    assert post(body, idle).status_code == 403
    assert post(body, stranger).status_code == 404
    assert not Donation.objects.exists()
