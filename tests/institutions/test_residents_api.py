"""The residents API: the decision and its reason on apply (201 either way), bad input 400
with nothing saved, the leaving at its version, scoping and roles; list query counts fixed
at 1 and 50 residents."""

from __future__ import annotations

from datetime import date

from django.test import Client

from guanai.accounts.models import Role, User
from guanai.core.models import AccessLog
from guanai.institutions.models import Resident
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.institutions.residents_support import applied, disabled
from tests.institutions.support import XINGLONG_HOME_CODE, home_in
from tests.support.queries import assert_same_query_count, count_queries

EN = {"Accept-Language": "en"}


def api(user: User) -> Client:
    return Client(headers={**bearer(user), **EN})


def test_apply_returns_the_decision_and_reason(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi)
    client = api(township_worker)
    young = disabled(region.ganlusi, "李明", kind=6, grade=4)
    old = disabled(region.ganlusi, "王老", born=date(1950, 1, 1))
    url = f"/api/institutions/{home.unit.pk}/residents"
    admitted = client.post(
        url,
        {"person_id": young.pk, "mode": "residential", "applied_on": "2026-12-06"},
        content_type="application/json",
    )
    assert admitted.status_code == 201
    body = admitted.json()
    assert (body["decision"], body["started_on"], body["person"]) == (
        "admitted",
        "2026-12-06",
        {"id": young.pk, "name": "李明"},
    )
    assert body["disability"] == "Mental disability Grade 4"
    refused = client.post(
        url,
        {"person_id": old.pk, "mode": "residential", "applied_on": "2026-12-06"},
        content_type="application/json",
    ).json()
    assert (refused["decision"], refused["started_on"]) == ("refused", None)
    assert refused["reason"] == "Aged 76, outside the working age of 16–59."
    listing = client.get(url).json()
    assert [r["person"]["name"] for r in listing["items"]] == ["李明"]
    assert [r["reason"] for r in client.get(f"{url}?status=refused").json()["items"]] == [
        refused["reason"]
    ]


def test_bad_input_is_400_and_nothing_saved(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi)
    client = api(township_worker)
    url = f"/api/institutions/{home.unit.pk}/residents"
    person = disabled(region.ganlusi)
    stranger = disabled(region.shencun, "兴隆人")
    future = client.post(
        url,
        {"person_id": person.pk, "mode": "residential", "applied_on": "2026-12-07"},
        content_type="application/json",
    )
    assert (future.status_code, future.json()["field"]) == (400, "applied_on")
    mode = client.post(
        url,
        {"person_id": person.pk, "mode": "home_based", "applied_on": "2026-12-06"},
        content_type="application/json",
    )
    assert (mode.status_code, mode.json()["field"]) == (400, "mode")
    off_roster = client.post(
        url,
        {"person_id": stranger.pk, "mode": "residential", "applied_on": "2026-12-06"},
        content_type="application/json",
    )
    assert (off_roster.status_code, off_roster.json()["field"]) == (400, "person_id")
    assert not Resident.objects.exists()


def test_leaving_at_the_version_read(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi)
    resident = applied(township_worker, home.institution, disabled(region.ganlusi))
    client = api(township_worker)
    url = f"/api/institution-residents/{resident.pk}"
    body = {"ended_on": "2026-12-06", "reason": "回家居住", "version": 1}
    left = client.put(url, body, content_type="application/json")
    assert left.status_code == 200
    assert (left.json()["ended_on"], left.json()["end_reason"], left.json()["version"]) == (
        "2026-12-06",
        "回家居住",
        2,
    )
    assert client.put(url, body, content_type="application/json").status_code == 409
    read = client.get(url)
    assert read.json()["end_reason"] == "回家居住"
    assert AccessLog.objects.filter(object_id=str(resident.person_id), action="read").exists()


def test_scoping_and_roles(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi)
    resident = applied(township_worker, home.institution, disabled(region.ganlusi))
    outsider = api(factories.user(unit=region.xinglong, role=Role.WORKER))
    helper = api(factories.user(unit=region.lengqi_school, role=Role.HELPER))
    viewer = api(factories.user(unit=region.lengqi, role=Role.VIEWER))
    for url in (
        f"/api/institutions/{home.unit.pk}/residents",
        f"/api/institution-residents/{resident.pk}",
    ):
        assert outsider.get(url).status_code == 404
        assert helper.get(url).status_code == 403
        assert viewer.get(url).status_code == 200
    left = viewer.put(
        f"/api/institution-residents/{resident.pk}",
        {"ended_on": "2026-12-06", "reason": "x", "version": 1},
        content_type="application/json",
    )
    assert left.status_code == 403
    # The institution's own clerk reads its residents but applies for nobody off its rosters
    clerk = api(home.clerk)
    assert [
        r["id"] for r in clerk.get(f"/api/institutions/{home.unit.pk}/residents").json()["items"]
    ] == [resident.pk]


def test_the_list_takes_a_fixed_number_of_queries(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi)
    home_in(region.xinglong, name="兴隆镇阳光家园", code=XINGLONG_HOME_CODE)
    client = api(township_worker)
    url = f"/api/institutions/{home.unit.pk}/residents"
    applied(township_worker, home.institution, disabled(region.ganlusi, "住户"))
    client.get(url)  # the token's first use of the day is written once
    with count_queries() as one:
        assert len(client.get(url).json()["items"]) == 1
    for i in range(49):
        applied(township_worker, home.institution, disabled(region.ganlusi, f"住户{i}", kind=6))
    with count_queries() as fifty:
        assert len(client.get(url).json()["items"]) == 50
    assert_same_query_count(one, fifty)
