"""The institutions pages: who sees which, the checklist with the unmet items first, the
forms, the counsellor that turns 专业-4 met on reload, and a fixed number of queries."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from guanai.accounts.models import Role, User
from guanai.core.uscc import make_uscc
from guanai.institutions.models import Institution, ItemCheck, Staff, Training
from tests import factories
from tests.conftest import Region, logged_in
from tests.institutions.support import (
    XINGLONG_HOME_CODE,
    Home,
    compliant_staff,
    hire,
    home_in,
)
from tests.support.queries import assert_same_query_count, count_queries


def items_shown(page: str) -> list[tuple[str, str]]:
    return re.findall(r'data-ref="([^"]+)" data-status="([^"]+)"', page)


@pytest.fixture
def home(region: Region) -> Home:
    found = home_in(region.lengqi, premises="leased", lease_years=3)
    compliant_staff(found.institution)
    return found


def test_the_page_lists_unmet_items_first_with_their_reasons(home: Home) -> None:
    page = logged_in(home.clerk).get(f"/institutions/{home.unit.pk}/").content.decode()
    shown = items_shown(page)
    statuses = [s for _ref, s in shown]
    assert len(shown) == 20
    # Unmet first, then met, then not applicable
    assert statuses == sorted(statuses, key=["not_met", "met", "not_applicable"].index)
    assert ("机构-2", "not_met") in shown and ("专业-4", "not_met") in shown
    assert "王院长" in page and "陈康复" in page


def test_adding_the_missing_counsellor_turns_the_item_met_on_reload(home: Home) -> None:
    client = logged_in(home.clerk)
    answer = client.post(
        f"/institutions/{home.unit.pk}/staff/new/",
        {
            "name": "张咨询",
            "role": "counsellor",
            "birth_date": "1988-04-02",
            "full_time": "on",
            "is_active": "on",
        },
    )
    assert answer.status_code == 302
    page = client.get(f"/institutions/{home.unit.pk}/").content.decode()
    assert ("专业-4", "met") in items_shown(page)
    assert Staff.objects.get(name="张咨询").full_time


def test_a_bad_staff_form_shows_the_message_and_saves_nothing(home: Home) -> None:
    answer = logged_in(home.clerk).post(
        f"/institutions/{home.unit.pk}/staff/new/",
        {"name": "小李", "role": "caregiver", "birth_date": "2020-01-01"},
    )
    assert answer.status_code == 200
    assert 'class="invalid-feedback"' in answer.content.decode()
    assert not Staff.objects.filter(name="小李").exists()


def test_the_profile_form_saves_and_refuses_a_stale_version(home: Home) -> None:
    client = logged_in(home.clerk)
    form = {
        "type": "residential",
        "operator": "social",
        "premises": "leased",
        "lease_years": "6",
        "capacity": "40",
        "facilities": ["canteen", "work_room"],
        "barrier_free": "on",
        "version": "1",
    }
    assert client.post(f"/institutions/{home.unit.pk}/profile/", form).status_code == 302
    stored = Institution.objects.get(pk=home.unit.pk)
    assert (stored.lease_years, stored.capacity, stored.fire_certificate) == (6, 40, False)
    again = client.post(f"/institutions/{home.unit.pk}/profile/", {**form, "capacity": "50"})
    assert again.status_code == 200
    assert Institution.objects.get(pk=home.unit.pk).capacity == 40


def test_trainings_and_certificates_are_recorded_on_the_staff_page(home: Home) -> None:
    client = logged_in(home.clerk)
    manager = Staff.objects.get(name="王院长")
    answer = client.post(
        f"/institutions/staff/{manager.pk}/trainings/",
        {
            "training-on": "2026-11-20",
            "training-title": "省残联托养培训",
            "training-kind": "management",
        },
    )
    assert answer.status_code == 302
    assert Training.objects.filter(staff=manager, title="省残联托养培训").exists()
    refused = client.post(
        f"/institutions/staff/{manager.pk}/certificates/",
        {
            "certificate-title": "会计证",
            "certificate-issued_on": "2026-01-01",
            "certificate-expires_on": "2025-01-01",
        },
    )
    assert refused.status_code == 400
    page = client.get(f"/institutions/staff/{manager.pk}/").content.decode()
    assert "省残联托养培训" in page


def test_evidence_is_set_for_a_manual_item_only(home: Home) -> None:
    client = logged_in(home.clerk)
    url = f"/institutions/{home.unit.pk}/items/{quote('机构-4')}/"
    answer = client.post(
        url, {"status": "met", "note": "大厅张贴服务指南", "checked_on": "2026-12-01"}
    )
    assert answer.status_code == 302
    assert ItemCheck.objects.get(ref="机构-4").note == "大厅张贴服务指南"
    page = client.get(f"/institutions/{home.unit.pk}/").content.decode()
    assert ("机构-4", "met") in items_shown(page)
    # An item the data decides takes no evidence
    assert client.get(f"/institutions/{home.unit.pk}/items/{quote('机构-2')}/").status_code == 404


def test_who_sees_which_institution(region: Region, home: Home, county_leader: User) -> None:
    other = home_in(region.xinglong, name="兴隆镇日间照料中心", code=XINGLONG_HOME_CODE)
    lists = {
        "county": logged_in(county_leader).get("/institutions/").content.decode(),
        "own": logged_in(home.clerk).get("/institutions/").content.decode(),
    }
    assert "冷碛镇阳光家园" in lists["county"] and "兴隆镇日间照料中心" in lists["county"]
    assert "冷碛镇阳光家园" in lists["own"] and "兴隆镇日间照料中心" not in lists["own"]
    # The other institution's staff: 404 for its page, its staff and its forms
    outsider = logged_in(other.clerk)
    manager = Staff.objects.get(name="王院长")
    for url in (
        f"/institutions/{home.unit.pk}/",
        f"/institutions/{home.unit.pk}/profile/",
        f"/institutions/{home.unit.pk}/staff/new/",
        f"/institutions/staff/{manager.pk}/",
        f"/institutions/staff/{manager.pk}/edit/",
    ):
        assert outsider.get(url).status_code == 404, url
    # A viewer of the county reads but changes nothing; a helper opens no institution page
    viewer = logged_in(factories.user(unit=region.county, role=Role.VIEWER))
    assert viewer.get(f"/institutions/{home.unit.pk}/").status_code == 200
    assert viewer.get(f"/institutions/{home.unit.pk}/profile/").status_code == 403
    helper = logged_in(factories.user(unit=home.unit, role=Role.HELPER))
    assert helper.get("/institutions/").status_code == 403


def test_the_menu_offers_institutions_to_the_institution_the_township_and_the_county(
    region: Region, home: Home, county_leader: User, township_worker: User
) -> None:
    def menu(user: User) -> str:
        return logged_in(user).get("/").content.decode()

    assert 'href="/institutions/"' in menu(county_leader)
    assert 'href="/institutions/"' in menu(home.clerk)
    # The township runs its elder home and registers the service users of its roster
    assert 'href="/institutions/"' in menu(township_worker)
    # A school's worker keeps none
    teacher = factories.user(unit=region.lengqi_school, role=Role.WORKER)
    assert 'href="/institutions/"' not in menu(teacher)


def _institutions(region: Region, count: int) -> None:
    for n in range(count):
        code = make_uscc("5", "2", "513322", f"MJ{n:07d}")
        found = home_in(region.xinglong, name=f"托养机构{n}", code=code)
        hire(found.institution, f"院长{n}", "manager")


def test_the_list_runs_as_many_queries_for_50_institutions_as_for_1(
    region: Region, county_leader: User
) -> None:
    client = logged_in(county_leader)
    _institutions(region, 1)
    client.get("/institutions/")
    with count_queries() as one:
        page = client.get("/institutions/").content.decode()
    assert page.count('data-testid="institution"') == 1
    _institutions_more(region)
    with count_queries() as fifty:
        page = client.get("/institutions/").content.decode()
    assert page.count('data-testid="institution"') == 50
    assert_same_query_count(one, fifty)


def _institutions_more(region: Region) -> None:
    for n in range(1, 50):
        code = make_uscc("5", "2", "513322", f"MK{n:07d}")
        found = home_in(region.xinglong, name=f"日间照料{n}", code=code)
        hire(found.institution, f"主任{n}", "manager")
        hire(found.institution, f"咨询{n}", "counsellor")


def test_the_institution_page_runs_as_many_queries_for_50_staff_as_for_1(home: Home) -> None:
    client = logged_in(home.clerk)
    Staff.objects.exclude(name="王院长").delete()
    client.get(f"/institutions/{home.unit.pk}/")
    with count_queries() as one:
        client.get(f"/institutions/{home.unit.pk}/")
    for n in range(49):
        hire(home.institution, f"护理员{n}", "caregiver")
    with count_queries() as fifty:
        page = client.get(f"/institutions/{home.unit.pk}/").content.decode()
    assert page.count('data-testid="staff-member"') == 50
    assert_same_query_count(one, fifty)
