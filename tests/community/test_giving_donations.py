"""Donations: cash or goods to a unit, a need, a person or a fund; goods matched to needs."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from guanai.accounts.models import User
from guanai.community import giving
from guanai.community.models.giving import Donation, DonationMatch, FundEntry
from guanai.core.errors import PermissionRefused, ValidationFailed
from tests.community.giving_support import (
    OPENED,
    cash_to_fund,
    county_fund,
    goods,
    special_school,
    washing_machines,
)
from tests.conftest import Region

CASH = giving.DonationData(
    donor_kind="person", donor_name="李明", kind="cash", destination="unit", amount="500", on=OPENED
)


def test_two_washing_machines_for_the_need_of_four_leave_it_partly_met(
    region: Region, county_leader: User
) -> None:
    need = washing_machines(county_leader, special_school(region))

    goods(county_leader, need=need, quantity=2)

    progress = giving.progress_of(need)
    assert (progress.status, progress.given, progress.remaining) == (
        giving.NeedStatus.PARTLY_MET,
        2,
        2,
    )


def test_several_donations_meet_one_need_and_more_than_enough_shows_the_surplus(
    region: Region, county_leader: User
) -> None:
    need = washing_machines(county_leader, special_school(region))
    goods(county_leader, need=need, quantity=2)
    goods(county_leader, need=need, quantity=3, donor="张三")

    progress = giving.progress_of(need)
    assert (progress.status, progress.remaining, progress.surplus) == (
        giving.NeedStatus.MET,
        0,
        1,
    )


def test_goods_given_to_the_school_are_matched_to_its_need_in_parts_never_beyond(
    region: Region, county_leader: User
) -> None:
    school = special_school(region)
    need = washing_machines(county_leader, school)
    gift = goods(county_leader, unit=school, quantity=3)

    giving.donation_match(acting_user=county_leader, donation=gift, need=need, quantity=2)
    with pytest.raises(ValidationFailed) as refused:
        giving.donation_match(acting_user=county_leader, donation=gift, need=need, quantity=2)

    assert refused.value.field == "quantity"
    assert giving.progress_of(need).given == 2
    giving.donation_match(acting_user=county_leader, donation=gift, need=need, quantity="1")
    assert giving.progress_of(need).given == 3


@pytest.mark.parametrize("quantity", [0, -1, "1.5", 100_001])
def test_a_bad_match_quantity_is_refused_and_nothing_matched(
    region: Region, county_leader: User, quantity: object
) -> None:
    school = special_school(region)
    need = washing_machines(county_leader, school)
    gift = goods(county_leader, unit=school, quantity=3)

    with pytest.raises(ValidationFailed):
        giving.donation_match(
            acting_user=county_leader, donation=gift, need=need, quantity=quantity
        )

    assert not DonationMatch.objects.exists()


def test_goods_of_one_unit_do_not_meet_another_units_need(
    region: Region, county_leader: User
) -> None:
    need = washing_machines(county_leader, region.xinglong_school)
    gift = goods(county_leader, unit=region.lengqi_school)

    with pytest.raises(ValidationFailed) as refused:
        giving.donation_match(acting_user=county_leader, donation=gift, need=need, quantity=1)

    assert refused.value.field == "need"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "10000000.01"}, "amount"),
        ({"amount": "12.345"}, "amount"),
        ({"donor_name": ""}, "donor_name"),
        ({"donor_phone": "12345"}, "donor_phone"),
        ({"donor_kind": "robot"}, "donor_kind"),
        ({"kind": "in_kind", "amount": None, "item": "", "quantity": 2, "measure": "台"}, "item"),
        (
            {"kind": "in_kind", "amount": None, "item": "被子", "quantity": 0, "measure": "床"},
            "quantity",
        ),
        ({"kind": "in_kind", "item": "被子", "quantity": 2, "measure": "床"}, "amount"),
        ({"destination": "need"}, "need"),
        ({"destination": "fund"}, "fund"),
        ({"destination": "person"}, "person"),
        ({"receipt_number": "R" * 41}, "receipt_number"),
        ({"acknowledged_on": OPENED - timedelta(days=1)}, "acknowledged_on"),
        ({"on": timezone.localdate() + timedelta(days=1)}, "on"),
    ],
)
def test_a_bad_donation_is_refused_with_its_field_and_nothing_is_saved(
    region: Region, township_worker: User, changes: dict[str, object], field: str
) -> None:
    data = replace(CASH, **changes)  # type: ignore[arg-type]

    with pytest.raises(ValidationFailed) as refused:
        giving.donation_record(
            acting_user=township_worker, data=data, to=giving.Destined(org_unit=region.lengqi)
        )

    assert refused.value.field == field
    assert not Donation.objects.exists()


def test_a_receipt_number_is_unique_per_unit_but_may_repeat_at_another(
    region: Region, county_leader: User
) -> None:
    data = replace(CASH, receipt_number="2026-001")
    lengqi = giving.Destined(org_unit=region.lengqi)
    giving.donation_record(acting_user=county_leader, data=data, to=lengqi)

    with pytest.raises(ValidationFailed) as refused:
        giving.donation_record(acting_user=county_leader, data=data, to=lengqi)
    giving.donation_record(
        acting_user=county_leader, data=data, to=giving.Destined(org_unit=region.xinglong)
    )

    assert refused.value.field == "receipt_number"
    assert Donation.objects.count() == 2


def test_an_anonymous_donor_is_named_by_no_one_and_the_phone_is_kept_encrypted(
    region: Region, township_worker: User
) -> None:
    data = replace(CASH, donor_kind="anonymous", donor_name="不留名", donor_phone="139 5731 8462")

    donation = giving.donation_record(
        acting_user=township_worker, data=data, to=giving.Destined(org_unit=region.lengqi)
    )

    donation.refresh_from_db()
    assert (donation.donor_name, donation.donor_phone) == ("", "13957318462")
    stored = Donation.objects.filter(pk=donation.pk).values_list("donor_phone", flat=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT donor_phone FROM community_donation WHERE id = %s", [donation.pk])
        raw = cursor.fetchone()[0]
    assert "13957318462" not in raw
    assert list(stored) == ["13957318462"]


def test_another_townships_worker_may_not_record_a_donation_here(
    region: Region, other_township_worker: User
) -> None:
    with pytest.raises(PermissionRefused):
        giving.donation_record(
            acting_user=other_township_worker, data=CASH, to=giving.Destined(org_unit=region.lengqi)
        )

    assert not Donation.objects.exists()


def test_cash_for_the_fund_is_an_income_entry_of_its_ledger(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region)

    cash_to_fund(county_leader, fund, "800", donor_kind="anonymous")

    fund.refresh_from_db()
    assert fund.balance == Decimal("800.00")
    entry = FundEntry.objects.get(fund=fund)
    assert (entry.direction, entry.amount, entry.balance_after) == (
        "income",
        Decimal("800.00"),
        Decimal("800.00"),
    )


def test_goods_cannot_go_to_a_fund_nor_cash_to_a_need(region: Region, county_leader: User) -> None:
    fund = county_fund(county_leader, region)
    need = washing_machines(county_leader, special_school(region))

    with pytest.raises(ValidationFailed):
        giving.donation_record(
            acting_user=county_leader,
            data=replace(
                CASH,
                destination="fund",
                kind="in_kind",
                amount=None,
                item="米",
                quantity=1,
                measure="袋",
            ),
            to=giving.Destined(fund=fund),
        )
    with pytest.raises(ValidationFailed):
        giving.donation_record(
            acting_user=county_leader,
            data=replace(CASH, destination="need"),
            to=giving.Destined(need=need),
        )

    assert not Donation.objects.exists()


def test_the_acknowledgement_is_recorded_and_not_before_the_gift(
    region: Region, township_worker: User
) -> None:
    donation = giving.donation_record(
        acting_user=township_worker, data=CASH, to=giving.Destined(org_unit=region.lengqi)
    )

    with pytest.raises(ValidationFailed):
        giving.donation_acknowledge(
            acting_user=township_worker, donation=donation, on=OPENED - timedelta(days=1)
        )
    giving.donation_acknowledge(acting_user=township_worker, donation=donation, on=OPENED)

    donation.refresh_from_db()
    assert donation.acknowledged_on == OPENED
