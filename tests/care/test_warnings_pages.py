"""The early-warning pages: who sees which warnings, acknowledging with a note, checking now."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from guanai.accounts.models import Role, User
from guanai.care.models import CareWarning, WarningStatus
from guanai.care.warnings import detect
from guanai.registry.models import Category, Person
from tests import factories
from tests.care.warnings_support import days_ago, pair, person, plan, warning_of
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db

LIST = reverse("care:warning_list")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def lengqi_leader(region: Region) -> User:
    return factories.user(unit=region.lengqi, role=Role.LEADER, username="lengqi_leader")


@pytest.fixture
def xinglong_leader(region: Region) -> User:
    return factories.user(unit=region.xinglong, role=Role.LEADER, username="xinglong_leader")


def _orphan(region: Region, name: str = "张三") -> Person:
    """An orphan of 冷碛镇中心小学 never cared for: warned about as soon as checked."""
    return person(region.lengqi_school, name, Category.ORPHAN)


def _ack_url(warning: CareWarning) -> str:
    return reverse("care:warning_ack", args=[warning.pk])


def _page(user: User, query: str = "") -> str:
    response = logged_in(user).get(f"{LIST}{query}", **EN)
    assert response.status_code == 200
    return response.content.decode()


def test_worker_sees_the_open_warnings_of_their_units_explained(
    region: Region, township_worker: User
) -> None:
    someone = _orphan(region)
    detect()

    page = _page(township_worker)

    assert reverse("registry:person_detail", args=[someone.pk]) in page
    assert "张三 has no care record at all yet." in page
    assert "冷碛镇中心小学" in page
    # A worker may not acknowledge nor run the checks.
    assert _ack_url(warning_of(someone)) not in page
    assert reverse("care:warning_check") not in page


def test_another_township_sees_none_of_them(
    region: Region, other_township_worker: User, xinglong_leader: User
) -> None:
    _orphan(region)
    detect()

    for user in (other_township_worker, xinglong_leader):
        page = _page(user)
        assert "张三" not in page
        assert "No warnings here." in page


def test_helper_sees_the_warnings_of_paired_persons_only(
    region: Region, school_helper: User
) -> None:
    paired = _orphan(region, "张三")
    pair(paired, school_helper)
    _orphan(region, "李四")
    detect()

    page = _page(school_helper)

    assert "张三" in page
    assert "李四" not in page


def test_admin_roles_see_no_warnings(region: Region, county_sysadmin: User) -> None:
    _orphan(region)
    detect()

    assert logged_in(county_sysadmin).get(LIST).status_code == 403


def test_counts_by_kind_and_the_filters(region: Region, township_worker: User) -> None:
    orphan = _orphan(region, "张三")
    planned = person(region.lengqi, "李四")
    plan(planned, township_worker, ends_on=days_ago(10, timezone.localdate()))
    detect()

    page = _page(township_worker)
    assert 'data-kind="no_care">No care record for a long time <span' in page
    assert page.count('rounded-pill text-bg-light border">1</span>') == 2

    only_plans = _page(township_worker, "?kind=plan_unreviewed")
    assert "李四" in only_plans and "张三" not in only_plans
    in_school = _page(township_worker, f"?unit={region.lengqi_school.pk}")
    assert "张三" in in_school and "李四" not in in_school
    assert warning_of(orphan).status == WarningStatus.OPEN


def test_leader_acknowledges_with_a_note(region: Region, lengqi_leader: User) -> None:
    someone = _orphan(region)
    detect()
    warning = warning_of(someone)
    client = logged_in(lengqi_leader)
    assert _ack_url(warning) in _page(lengqi_leader)

    response = client.post(_ack_url(warning), {"note": " 已安排班主任  本周家访 "})

    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.status == WarningStatus.ACKNOWLEDGED
    assert warning.note == "已安排班主任 本周家访"
    assert warning.acknowledged_by == lengqi_leader
    assert "张三" not in _page(lengqi_leader)
    acknowledged = _page(lengqi_leader, "?status=acknowledged")
    assert "张三" in acknowledged and "已安排班主任 本周家访" in acknowledged


def test_acknowledging_without_a_note_is_refused(region: Region, county_leader: User) -> None:
    someone = _orphan(region)
    detect()
    warning = warning_of(someone)

    response = logged_in(county_leader).post(_ack_url(warning), {"note": "   "}, **EN)

    assert response.status_code == 200
    with translation.override("en"):
        assert "This field is required." in response.content.decode()
    warning.refresh_from_db()
    assert (warning.status, warning.note, warning.acknowledged_by) == ("open", "", None)


def test_only_leaders_acknowledge(
    region: Region, township_worker: User, school_helper: User, xinglong_leader: User
) -> None:
    someone = _orphan(region)
    pair(someone, school_helper)
    detect()
    warning = warning_of(someone)

    for user in (township_worker, school_helper):
        client = logged_in(user)
        assert client.get(_ack_url(warning)).status_code == 403
        assert client.post(_ack_url(warning), {"note": "看过了"}).status_code == 403
    # A leader of another township does not even see it.
    assert logged_in(xinglong_leader).post(_ack_url(warning), {"note": "看过了"}).status_code == 404
    warning.refresh_from_db()
    assert warning.status == WarningStatus.OPEN


def test_an_acknowledged_warning_is_not_acknowledged_again(
    region: Region, lengqi_leader: User, county_leader: User
) -> None:
    someone = _orphan(region)
    detect()
    warning = warning_of(someone)
    logged_in(lengqi_leader).post(_ack_url(warning), {"note": "已安排家访"})

    response = logged_in(county_leader).post(_ack_url(warning), {"note": "再看看"})

    assert response.status_code == 302
    warning.refresh_from_db()
    assert (warning.note, warning.acknowledged_by) == ("已安排家访", lengqi_leader)


def test_leader_checks_now_for_their_units(
    region: Region, lengqi_leader: User, township_worker: User
) -> None:
    here = _orphan(region, "张三")
    person(region.xinglong, "李四", Category.ORPHAN)

    response = logged_in(lengqi_leader).post(reverse("care:warning_check"), **EN, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Checked: 1 new warnings, 0 resolved, 1 open." in page
    assert list(CareWarning.objects.values_list("person", flat=True)) == [here.pk]
    assert logged_in(township_worker).post(reverse("care:warning_check")).status_code == 403
    assert logged_in(lengqi_leader).get(reverse("care:warning_check")).status_code == 405


def test_the_list_runs_a_fixed_number_of_queries(region: Region, lengqi_leader: User) -> None:
    client = logged_in(lengqi_leader)
    _orphan(region, "学生0")
    detect()
    with count_queries() as one:
        client.get(LIST)
    for n in range(1, 50):
        _orphan(region, f"学生{n}")
    detect()

    with count_queries() as fifty:
        page = client.get(LIST).content.decode()

    assert page.count("/ack/") == 50
    assert_same_query_count(one, fifty)
