"""Standards by date and region (issue 5 §1): the higher local standard prevails."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from guanai.accounts.models import Role, User
from guanai.benefits import catalogue
from guanai.benefits.models import PolicyRate
from guanai.benefits.policies import default_rates, history, policy_rate_add, rates_for
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.text import column_limit
from tests import factories
from tests.conftest import Region

D = Decimal
MARCH = date(2026, 3, 1)


@pytest.fixture
def township_leader(region: Region) -> User:
    return factories.user(unit=region.lengqi, role=Role.LEADER, username="lengqi_leader")


def raise_ratio(leader: User, unit: object, percent: str, on: date = MARCH) -> None:
    policy_rate_add(
        acting_user=leader,
        org_unit=unit,  # type: ignore[arg-type]
        item=catalogue.MEDICAL_RATIO,
        effective_from=on,
        amount=percent,
    )


def test_without_versions_every_unit_has_the_national_defaults(region: Region) -> None:
    rates = rates_for(region.ganlusi, MARCH)
    assert {code: rate.amount for code, rate in rates.items()} == catalogue.defaults()
    assert all(rate.version is None for rate in rates.values())
    with translation.override("en"):
        source = rates[catalogue.MEDICAL_CAP].source
    assert source == "national standard (Plan 8 (4) 1: at most ¥50,000 a calendar year)"


def test_defaults_hold_the_plan_standards() -> None:
    amounts = {code: rate.amount for code, rate in default_rates().items()}
    assert amounts[catalogue.MEDICAL_RATIO] == D("0.7")
    assert amounts[catalogue.MEDICAL_CAP] == D("50000")
    assert amounts[catalogue.LEUKEMIA_SURGERY] == D("20000")
    assert amounts[catalogue.LEUKEMIA_OTHER] == D("5000")
    assert amounts[catalogue.HOSPITAL_DAY_HIGH] == D("17")
    assert amounts[catalogue.HOSPITAL_DAY_LOW] == D("7")
    assert amounts[catalogue.TEMPORARY_CAP] == D("8000")
    assert amounts[catalogue.ORPHAN_CENTRALISED] == D("1000")
    assert amounts[catalogue.ORPHAN_SCATTERED] == D("600")


def test_a_county_standard_applies_from_its_date_in_the_whole_county(
    region: Region, county_leader: User
) -> None:
    raise_ratio(county_leader, region.county, "80%")
    before = rates_for(region.ganlusi, date(2026, 2, 28))[catalogue.MEDICAL_RATIO]
    after = rates_for(region.ganlusi, MARCH)[catalogue.MEDICAL_RATIO]
    elsewhere = rates_for(region.shencun, date(2026, 6, 1))[catalogue.MEDICAL_RATIO]
    assert (before.amount, before.version) == (D("0.7"), None)
    assert after.amount == elsewhere.amount == D("0.8")
    assert after.display == "80%"
    with translation.override("en"):
        assert after.source == "standard of 泸定县 from 2026-03-01"


def test_the_latest_version_in_effect_applies(region: Region, county_leader: User) -> None:
    raise_ratio(county_leader, region.county, "80", on=MARCH)
    raise_ratio(county_leader, region.county, "85", on=date(2026, 7, 1))
    assert rates_for(region.lengqi, date(2026, 6, 30))[catalogue.MEDICAL_RATIO].amount == D("0.8")
    assert rates_for(region.lengqi, date(2026, 7, 1))[catalogue.MEDICAL_RATIO].amount == D("0.85")
    assert [v.amount for v in history(region.lengqi, [catalogue.MEDICAL_RATIO])] == [
        D("0.85"),
        D("0.8"),
    ]


def test_a_township_standard_below_the_county_one_is_refused(
    region: Region, county_leader: User, township_leader: User
) -> None:
    raise_ratio(county_leader, region.county, "80")
    with pytest.raises(ValidationFailed) as refused:
        raise_ratio(township_leader, region.lengqi, "75", on=date(2026, 4, 1))
    assert refused.value.field == "amount"
    assert "80%" in str(refused.value.message)
    # Before the county's date the national 70 % is the floor, and 75 % raises it.
    raise_ratio(township_leader, region.lengqi, "75", on=date(2026, 2, 1))
    assert rates_for(region.ganlusi, date(2026, 2, 1))[catalogue.MEDICAL_RATIO].amount == D("0.75")
    # From the county's date its 80 % outvotes the township's lower 75 %.
    assert rates_for(region.ganlusi, MARCH)[catalogue.MEDICAL_RATIO].amount == D("0.8")


def test_a_standard_below_the_national_one_is_refused(
    region: Region, township_leader: User
) -> None:
    with pytest.raises(ValidationFailed):
        raise_ratio(township_leader, region.lengqi, "60")
    with pytest.raises(ValidationFailed):
        policy_rate_add(
            acting_user=township_leader,
            org_unit=region.lengqi,
            item=catalogue.HOSPITAL_DAY_HIGH,
            effective_from=MARCH,
            amount="16.99",
        )


def test_a_higher_township_standard_applies_only_in_its_subtree(
    region: Region, township_leader: User
) -> None:
    policy_rate_add(
        acting_user=township_leader,
        org_unit=region.lengqi,
        item=catalogue.HOSPITAL_DAY_LOW,
        effective_from=MARCH,
        amount="10",
    )
    assert rates_for(region.ganlusi, MARCH)[catalogue.HOSPITAL_DAY_LOW].amount == D("10")
    assert rates_for(region.lengqi, MARCH)[catalogue.HOSPITAL_DAY_LOW].amount == D("10")
    assert rates_for(region.shencun, MARCH)[catalogue.HOSPITAL_DAY_LOW].amount == D("7")
    assert rates_for(region.county, MARCH)[catalogue.HOSPITAL_DAY_LOW].amount == D("7")


def test_only_a_leader_of_the_unit_sets_its_standards(
    region: Region, township_leader: User, township_worker: User, prefecture_viewer: User
) -> None:
    for user, unit in [
        (township_worker, region.lengqi),
        (prefecture_viewer, region.lengqi),
        (township_leader, region.county),  # above the leader's unit
        (township_leader, region.xinglong),  # beside it
    ]:
        with pytest.raises(PermissionRefused):
            raise_ratio(user, unit, "90")


@pytest.mark.parametrize(
    ("item", "amount", "field"),
    [
        (catalogue.MEDICAL_RATIO, "101", "amount"),
        (catalogue.MEDICAL_RATIO, "", "amount"),
        (catalogue.MEDICAL_RATIO, "abc", "amount"),
        (catalogue.MEDICAL_CAP, "", "amount"),
        (catalogue.MEDICAL_CAP, "-1", "amount"),
        ("no_such_item", "1", "item"),
    ],
)
def test_bad_standards_are_refused(
    region: Region, county_leader: User, item: str, amount: str, field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        policy_rate_add(
            acting_user=county_leader,
            org_unit=region.county,
            item=item,
            effective_from=MARCH,
            amount=amount,
        )
    assert refused.value.field == field


def test_one_version_per_unit_item_and_day(region: Region, county_leader: User) -> None:
    raise_ratio(county_leader, region.county, "80")
    with pytest.raises(ValidationFailed) as refused:
        raise_ratio(county_leader, region.county, "90")
    assert refused.value.field == "effective_from"


def test_a_long_basis_is_refused_naming_the_limit_not_cut(
    region: Region, township_leader: User
) -> None:
    """Issue 13, point 7: the note is refused whole, with the column's limit, never cut."""
    limit = column_limit(PolicyRate, "note")
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        policy_rate_add(
            acting_user=township_leader,
            org_unit=region.lengqi,
            item=catalogue.MEDICAL_RATIO,
            effective_from=MARCH,
            amount="80",
            note="文" * (limit + 1),
        )
    assert refused.value.field == "note"
    assert str(refused.value.message) == f"此处最多填写 {limit} 个字。"
    assert not PolicyRate.objects.exists()
