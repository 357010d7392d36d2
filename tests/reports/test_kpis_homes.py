"""The KPIs of elder and welfare homes (plan 八): beds per five-guarantee person (target 60%)
and occupancy (target 80%), equal to the rows behind them and rolled up the tree."""

from __future__ import annotations

from datetime import date

import pytest

from guanai.accounts.models import User
from guanai.institutions.models import Institution
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category
from guanai.reports import kpis
from guanai.reports.facts import facts_of, facts_refresh
from guanai.reports.figures import month_of
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.institutions.county_support import resident
from tests.institutions.support import LENGQI_HOME_CODE, XINGLONG_HOME_CODE, home_in

TODAY = date(2026, 11, 20)
NOVEMBER = date(2026, 11, 1)


def values(unit: OrgUnit) -> dict[str, kpis.KpiValue]:
    targets = kpis.targets_for([unit])[unit.pk]
    return {v.kpi.code: v for v in kpis.kpi_values(facts_of(unit, NOVEMBER), targets)}


def refresh() -> None:
    facts_refresh(month_of("2026-11", today=TODAY))


@pytest.fixture
def homes(region: Region) -> dict[str, Institution]:
    """兴隆镇: an elder home of 3 beds, two five-guarantee persons living there, one who left
    in October and two at home (five in all); a care institution of 30 beds beside it.
    冷碛镇: a welfare home of 5 beds with 4 residents and one refused."""
    with on(date(2026, 10, 1)):
        elder = home_in(
            region.xinglong,
            name="兴隆镇中心敬老院",
            code=XINGLONG_HOME_CODE,
            category="elder_home",
            type="",
            capacity=3,
        ).institution
        home_in(region.xinglong, name="兴隆镇阳光家园", code="", capacity=30)
        resident(elder, tekun=True)
        resident(elder, tekun=True)
        resident(elder, tekun=True, ended=date(2026, 10, 20))
        resident(elder, tekun=True, started=date(2026, 11, 21))  # after the counting day
        factories.person(region.xinglong, "在家五保", categories=[Category.TEKUN])
        welfare = home_in(
            region.lengqi, code=LENGQI_HOME_CODE, category="welfare_home", type="", capacity=5
        ).institution
        for _n in range(4):
            resident(welfare, disability=5)
        resident(welfare, disability=5, refused=True)
    refresh()
    return {"elder": elder, "welfare": welfare}


def test_the_values_equal_the_rows_behind_them(
    region: Region, homes: dict[str, Institution]
) -> None:
    xinglong, lengqi, county = values(region.xinglong), values(region.lengqi), values(region.county)
    # Beds of homes only (the care institution's 30 are not), ÷ five-guarantee persons
    bed = xinglong["home_bed_rate"]
    assert (bed.numerator, bed.denominator, bed.value) == (3, 5, 60)
    assert bed.target == 60 and bed.met is True
    occupied = xinglong["home_occupancy"]
    # Two present on 20 November: one left in October, one comes on the 21st
    assert (occupied.numerator, occupied.denominator, str(occupied.value)) == (2, 3, "66.7")
    assert occupied.target == 80 and occupied.met is False
    full = lengqi["home_occupancy"]
    assert (full.numerator, full.denominator, full.value, full.met) == (4, 5, 80, True)
    assert lengqi["home_bed_rate"].value is None  # no five-guarantee person there
    # The county adds both townships
    assert (county["home_occupancy"].numerator, county["home_occupancy"].denominator) == (6, 8)
    assert (county["home_bed_rate"].numerator, county["home_bed_rate"].denominator) == (8, 5)


def test_fewer_beds_fall_below_the_target(region: Region, homes: dict[str, Institution]) -> None:
    Institution.objects.filter(pk=homes["elder"].pk).update(capacity=2)
    refresh()
    bed = values(region.xinglong)["home_bed_rate"]
    assert (bed.numerator, bed.value, bed.met) == (2, 40, False)
    occupied = values(region.xinglong)["home_occupancy"]
    assert (occupied.value, occupied.met) == (100, True)


def test_the_catalogue_names_both() -> None:
    assert kpis.BY_CODE["home_bed_rate"].denominator == "persons.tekun"
    assert kpis.BY_CODE["home_occupancy"].target == 80


def test_the_dashboard_and_the_targets_page_show_both(
    region: Region, homes: dict[str, Institution], county_leader: User
) -> None:
    client = logged_in(county_leader)
    with on(date(2026, 12, 6)):
        board = client.get(f"/reports/dashboard/{region.county.pk}/2026-11/").content.decode()
        targets = client.get(f"/reports/targets/{region.county.pk}/").content.decode()
    card = board[board.index('data-kpi="home_occupancy"') :]
    assert "75.0%" in card[: card.index("</div>\n          </div>")]  # 6 present ÷ 8 beds
    assert 'data-kpi="home_bed_rate"' in board
    assert 'data-kpi="home_bed_rate"' in targets and 'data-kpi="home_occupancy"' in targets
