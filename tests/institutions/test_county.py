"""Elder and welfare homes (plan 八) in the register, and the county view (issue 17, points 7
and 8): the numbers shown equal the rows behind them, in a fixed number of queries."""

from __future__ import annotations

import io
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from python_calamine import CalamineWorkbook

from guanai.accounts.models import Role, User
from guanai.core.actors import SYSTEM
from guanai.core.errors import ValidationFailed
from guanai.core.models import AccessLog
from guanai.core.uscc import make_uscc
from guanai.institutions import checklist, register
from guanai.institutions.models import Institution, ItemCheck
from guanai.institutions.register import ProfileData, institution_profile_save
from guanai.sheets.writing import XLSX
from tests import factories
from tests.conftest import Region, logged_in
from tests.institutions.county_support import resident
from tests.institutions.support import (
    LENGQI_HOME_CODE,
    TODAY,
    XINGLONG_HOME_CODE,
    Home,
    hire,
    home_in,
)
from tests.support.queries import assert_same_query_count, count_queries

ELDER_CODE = make_uscc("5", "2", "513322", "MJ0000009")


def elder_home(region: Region, capacity: int = 10) -> Home:
    return home_in(
        region.xinglong,
        name="兴隆镇中心敬老院",
        code=ELDER_CODE,
        category="elder_home",
        type="",
        capacity=capacity,
    )


def cell(page: str, unit: int, attribute: str) -> list[str]:
    """The values of ``attribute`` in the row of ``unit``."""
    row = re.search(rf'data-unit="{unit}">(.*?)</tr>', page, re.S)
    assert row is not None
    return re.findall(rf'{attribute}="([^"]*)"', row.group(1))


def test_an_elder_home_is_residential_and_has_no_checklist(
    region: Region, county_leader: User
) -> None:
    home = elder_home(region)
    assert (home.institution.category, home.institution.type) == ("elder_home", "residential")
    assert not checklist.has_checklist(home.institution)
    resident(home.institution, tekun=True)
    client = logged_in(county_leader)

    with translation.override("en"):
        listed = client.get("/institutions/").content.decode()
        page = client.get(f"/institutions/{home.unit.pk}/").content.decode()

    assert cell(listed, home.unit.pk, "data-category") == ["elder_home"]
    assert cell(listed, home.unit.pk, "data-percent") == [""]
    assert re.search(rf'data-unit="{home.unit.pk}">.*?—.*?—', listed, re.S)
    assert 'data-testid="checklist"' not in page
    assert 'data-capacity="10"' in page and 'data-residents="1"' in page
    assert 'data-occupancy="10.0"' in page
    # No evidence to record, by the page or by the service
    assert client.get(f"/institutions/{home.unit.pk}/items/机构-1/").status_code == 404
    with pytest.raises(ValidationFailed, match="是敬老院或福利院，不适用托养服务规范"):
        checklist.item_check_set(
            acting_user=SYSTEM,
            institution=home.institution,
            ref="机构-1",
            status="met",
            note="",
            checked_on=TODAY,
            today=TODAY,
        )
    assert not ItemCheck.objects.exists()


def test_the_command_refuses_a_home_with_a_message(region: Region) -> None:
    elder_home(region)
    out = StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="welfare home"):
        call_command("institution_check", "--org", ELDER_CODE, "--json", stdout=out)
    assert out.getvalue() == ""


def test_a_care_institution_still_needs_its_type(region: Region) -> None:
    unit = factories.org_unit(parent=region.lengqi, kind="institution", name="阳光家园")
    with translation.override("en"), pytest.raises(ValidationFailed, match="type") as refused:
        institution_profile_save(
            acting_user=SYSTEM,
            unit=unit,
            data=ProfileData(type="", operator="social", premises="own"),
        )
    assert refused.value.field == "type"
    with pytest.raises(ValidationFailed) as unknown:
        institution_profile_save(
            acting_user=SYSTEM,
            unit=unit,
            data=ProfileData(type="", operator="social", premises="own", category="hospital"),
        )
    assert unknown.value.field == "category"
    assert not Institution.objects.exists()


def test_the_profile_form_takes_the_category(region: Region) -> None:
    home = home_in(region.lengqi)
    client = logged_in(home.clerk)
    answer = client.post(
        f"/institutions/{home.unit.pk}/profile/",
        {
            "category": "welfare_home",
            "type": "",
            "operator": "government",
            "premises": "own",
            "capacity": "40",
            "version": "1",
        },
    )
    assert answer.status_code == 302
    home.institution.refresh_from_db()
    assert (home.institution.category, home.institution.type) == ("welfare_home", "residential")
    assert home.institution.capacity == 40


def test_the_overview_counts_equal_the_residents_present(
    region: Region, county_leader: User
) -> None:
    care = home_in(region.lengqi, capacity=4)
    hire(care.institution, "王院长", "manager")
    resident(care.institution, disability=5)  # intellectual
    resident(care.institution, disability=6)  # mental
    resident(care.institution, disability=6, started=TODAY)  # arrived today: present
    resident(care.institution, disability=4, ended=TODAY)  # leaves today: present
    resident(care.institution, disability=4, ended=date(2026, 12, 5))  # left yesterday
    resident(care.institution, disability=1, started=date(2026, 12, 7))  # comes tomorrow
    resident(care.institution, disability=2, refused=True)
    elder = elder_home(region, capacity=10)
    resident(elder.institution, tekun=True)
    resident(elder.institution, disability=1)

    found = register.overview(county_leader, TODAY)

    rows = {r.unit.pk: r for r in found.rows}
    assert (rows[care.unit.pk].residents, rows[care.unit.pk].capacity) == (4, 4)
    assert str(rows[care.unit.pk].occupancy) == "100.0"
    assert rows[care.unit.pk].types == [0, 0, 0, 1, 1, 2, 0]
    assert rows[elder.unit.pk].types == [1, 0, 0, 0, 0, 0, 0]
    assert str(rows[elder.unit.pk].occupancy) == "20.0"
    assert rows[elder.unit.pk].checklist is None and rows[elder.unit.pk].unmet == []
    unmet = rows[care.unit.pk].unmet
    assert unmet and {v.status for v in unmet} == {"not_met"}
    assert len(unmet) == rows[care.unit.pk].checklist.not_met  # type: ignore[union-attr]
    assert (found.capacity, found.residents, str(found.occupancy)) == (14, 6, "42.9")
    assert found.types == [1, 0, 0, 1, 1, 2, 0]
    assert found.not_met == len(unmet)

    with translation.override("en"):
        page = logged_in(county_leader).get("/institutions/overview/").content.decode()
    assert cell(page, care.unit.pk, "data-residents") == ["4"]
    assert cell(page, care.unit.pk, "data-type-count") == ["0", "0", "0", "1", "1", "2", "0"]
    assert cell(page, care.unit.pk, "data-ref") == [v.ref for v in unmet]
    assert cell(page, elder.unit.pk, "data-percent") == [""]
    totals = re.search(r'data-testid="totals">(.*?)</tr>', page, re.S)
    assert totals is not None
    assert 'data-residents="6"' in totals.group(1) and 'data-occupancy="42.9"' in totals.group(1)


def test_the_overview_shows_only_the_users_units(region: Region) -> None:
    home_in(region.lengqi)
    other = home_in(region.xinglong, name="兴隆镇阳光家园", code=XINGLONG_HOME_CODE)
    worker = factories.user(unit=region.xinglong, role=Role.VIEWER)
    found = register.overview(worker, TODAY)
    assert [r.unit.pk for r in found.rows] == [other.unit.pk]
    helper = factories.user(unit=region.xinglong, role=Role.HELPER)
    assert logged_in(helper).get("/institutions/overview/").status_code == 403


def test_the_overview_runs_as_many_queries_for_many_institutions_as_for_1(
    region: Region, county_leader: User
) -> None:
    client = logged_in(county_leader)
    first = home_in(region.lengqi, code=LENGQI_HOME_CODE)
    hire(first.institution, "王院长", "manager")
    resident(first.institution, disability=5)
    client.get("/institutions/overview/")
    with count_queries() as one:
        client.get("/institutions/overview/")
    for n in range(1, 12):
        code = make_uscc("5", "2", "513322", f"MK{n:07d}")
        found = home_in(
            region.xinglong,
            name=f"敬老院{n}",
            code=code,
            category="elder_home" if n % 2 else "care",
        )
        hire(found.institution, f"院长{n}", "manager")
        resident(found.institution, disability=n % 7 + 1)
        resident(found.institution, tekun=True)
    with count_queries() as many:
        page = client.get("/institutions/overview/").content.decode()
    assert page.count('data-testid="row"') == 12
    assert_same_query_count(one, many)


def test_the_overview_exports_the_same_numbers_and_is_audited(
    region: Region, county_leader: User
) -> None:
    care = home_in(region.lengqi, capacity=4)
    resident(care.institution, disability=5)
    elder = elder_home(region, capacity=10)
    resident(elder.institution, tekun=True)

    response = logged_in(county_leader).get("/institutions/overview.xlsx")

    assert response.status_code == 200 and response["Content-Type"] == XLSX
    data = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = data.to_python()
    by_name = {r[0]: r for r in rows[2:]}
    care_row, elder_row, total = by_name["冷碛镇阳光家园"], by_name["兴隆镇中心敬老院"], rows[-1]
    assert care_row[6:9] == [4, 1, 25] and care_row[9:16] == [0, 0, 0, 0, 1, 0, 0]
    assert elder_row[4] == "—" and elder_row[6:9] == [10, 1, 10]
    assert total[6:9] == [14, 2, 14.3]
    log = AccessLog.objects.get(object_type="institutions.overview")
    assert log.user == county_leader and log.detail["rows"] == 3
