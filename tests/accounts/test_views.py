"""Pages of org units and accounts: scoping (404 outside scope), management, query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.orgs.models import OrgKind, OrgUnit
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


def test_worker_lists_only_units_of_own_township(region: Region, township_worker: User) -> None:
    page = logged_in(township_worker).get(reverse("accounts:org_list")).content.decode()
    assert "冷碛镇中心小学" in page
    assert "甘露寺村" in page
    assert "兴隆镇" not in page
    assert "沈村" not in page


def test_worker_cannot_open_unit_of_other_township(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)
    for unit in (region.xinglong, region.xinglong_school, region.county):
        assert client.get(reverse("accounts:org_detail", args=[unit.pk])).status_code == 404
    assert client.get(reverse("accounts:org_detail", args=[region.ganlusi.pk])).status_code == 200


def test_worker_cannot_manage_units_or_accounts(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:org_create")).status_code == 403
    assert client.get(reverse("accounts:org_edit", args=[region.lengqi.pk])).status_code == 404
    assert client.get(reverse("accounts:audit_log")).status_code == 403


def test_township_sysadmin_cannot_open_accounts_of_other_township(
    region: Region, other_township_worker: User, township_worker: User
) -> None:
    admin = factories.user(unit=region.lengqi, role=Role.SYSADMIN, username="lengqi_admin")
    client = logged_in(admin)
    listing = client.get(reverse("accounts:user_list")).content.decode()
    assert "township_worker" in listing
    assert "xinglong_worker" not in listing
    url = reverse("accounts:user_detail", args=[other_township_worker.pk])
    assert client.get(url).status_code == 404


def test_sysadmin_creates_unit_and_sees_it(region: Region, county_sysadmin: User) -> None:
    client = logged_in(county_sysadmin)
    response = client.post(
        reverse("accounts:org_create"),
        {"parent": region.lengqi.pk, "kind": "village", "name": "团结村", "code": "513322101202"},
    )
    unit = OrgUnit.objects.get(name="团结村")
    assert response["Location"] == reverse("accounts:org_detail", args=[unit.pk])
    assert unit.parent == region.lengqi
    detail = client.get(response["Location"]).content.decode()
    assert "513322101202" in detail


def test_bad_code_is_shown_next_to_the_field_and_nothing_created(
    region: Region, county_sysadmin: User
) -> None:
    response = logged_in(county_sysadmin).post(
        reverse("accounts:org_create"),
        {"parent": region.lengqi.pk, "kind": "village", "name": "错码村", "code": "513323101202"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not OrgUnit.objects.filter(name="错码村").exists()


def test_stale_edit_of_unit_is_refused(region: Region, county_sysadmin: User) -> None:
    client = logged_in(county_sysadmin)
    url = reverse("accounts:org_edit", args=[region.lengqi.pk])
    form = {"name": "冷碛镇", "code": "513322101000", "is_active": "on", "version": 1}
    assert client.post(url, {**form, "name": "冷碛镇（新）"}).status_code == 302
    response = client.post(url, {**form, "name": "冷碛镇（旧）"})
    assert response.status_code == 200
    region.lengqi.refresh_from_db()
    assert region.lengqi.name == "冷碛镇（新）"


def test_sysadmin_creates_account_that_must_change_password(
    region: Region, county_sysadmin: User
) -> None:
    response = logged_in(county_sysadmin).post(
        reverse("accounts:user_create"),
        {
            "username": "lengqi_clerk",
            "full_name": "王芳",
            "org_unit": region.lengqi.pk,
            "role": "worker",
        },
    )
    account = User.objects.get(username="lengqi_clerk")
    assert response.status_code == 200
    assert reverse("accounts:user_detail", args=[account.pk]) in response.content.decode()
    assert account.must_change_password


def test_sysadmin_cannot_create_account_outside_own_subtree(
    region: Region,
) -> None:
    admin = factories.user(unit=region.lengqi, role=Role.SYSADMIN)
    response = logged_in(admin).post(
        reverse("accounts:user_create"),
        {
            "username": "intruder",
            "full_name": "外人",
            "org_unit": region.xinglong.pk,
            "role": "worker",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="intruder").exists()


def test_adding_admin_role_to_data_account_is_refused_on_the_page(
    region: Region, county_sysadmin: User, township_worker: User
) -> None:
    url = reverse("accounts:user_detail", args=[township_worker.pk])
    client = logged_in(county_sysadmin)
    # The audit role is not even offered to a system administrator ...
    response = client.post(
        url, {"form": "membership", "org_unit": region.lengqi.pk, "role": "auditor"}
    )
    assert response.status_code == 200
    assert 'value="auditor"' not in response.content.decode()
    # ... and the system administrator role is refused beside a data role.
    response = client.post(
        url, {"form": "membership", "org_unit": region.lengqi.pk, "role": "sysadmin"}
    )
    assert "须各用独立账号" in response.content.decode()
    assert set(township_worker.memberships.values_list("role", flat=True)) == {"worker"}


def test_home_shows_only_what_the_role_has(
    region: Region, township_worker: User, county_sysadmin: User
) -> None:
    worker_home = logged_in(township_worker).get("/").content.decode()
    assert "冷碛镇" in worker_home
    assert reverse("accounts:user_list") not in worker_home
    admin_home = logged_in(county_sysadmin).get("/").content.decode()
    assert reverse("accounts:user_create") in admin_home


@pytest.mark.parametrize("page", ["accounts:org_list", "accounts:user_list"])
def test_list_pages_run_a_fixed_number_of_queries(
    region: Region, county_sysadmin: User, page: str
) -> None:
    client = logged_in(county_sysadmin)
    with count_queries() as small:
        assert client.get(reverse(page)).status_code == 200
    township = factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP)
    for n in range(50):
        village = factories.org_unit(parent=township, kind=OrgKind.VILLAGE)
        factories.user(unit=village, role=Role.WORKER, username=f"bulk{n}")
    with count_queries() as large:
        assert client.get(reverse(page)).status_code == 200
    assert_same_query_count(small, large)


def test_org_detail_runs_a_fixed_number_of_queries(region: Region, county_sysadmin: User) -> None:
    client = logged_in(county_sysadmin)
    url = reverse("accounts:org_detail", args=[region.lengqi.pk])
    with count_queries() as small:
        client.get(url)
    for n in range(50):
        factories.org_unit(parent=region.lengqi, kind=OrgKind.SCHOOL, name=f"冷碛第{n}小学")
    with count_queries() as large:
        page = client.get(url).content.decode()
    assert "冷碛第49小学" in page
    assert_same_query_count(small, large)


def test_import_page_refuses_a_file_it_cannot_read(region: Region, county_sysadmin: User) -> None:
    upload = SimpleUploadedFile("units.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = logged_in(county_sysadmin).post(reverse("accounts:org_import"), {"file": upload})
    assert "不支持的文件类型" in response.content.decode()


def test_breadcrumb_shows_the_whole_path_but_links_only_what_is_in_scope(
    region: Region, township_worker: User
) -> None:
    page = (
        logged_in(township_worker)
        .get(reverse("accounts:org_detail", args=[region.ganlusi.pk]))
        .content.decode()
    )
    crumbs = page[page.index('class="breadcrumb"') : page.index("</ol>")]
    assert "泸定县" in crumbs
    assert reverse("accounts:org_detail", args=[region.county.pk]) not in crumbs
    assert reverse("accounts:org_detail", args=[region.lengqi.pk]) in crumbs


def test_units_below_follow_the_hierarchy_order(region: Region, county_sysadmin: User) -> None:
    page = (
        logged_in(county_sysadmin)
        .get(reverse("accounts:org_detail", args=[region.county.pk]))
        .content.decode()
    )
    # Townships come before offices, whatever their kind codes sort to.
    assert page.index("冷碛镇") < page.index("泸定县民政局")
