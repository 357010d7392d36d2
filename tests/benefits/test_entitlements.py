"""Entitlements and payment accounts: validation, overlap, permissions, encryption."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection

from guanai.accounts.models import User
from guanai.benefits.entitlements import (
    entitlement_end,
    entitlement_grant,
    entitlements_of,
    payment_account_set,
)
from guanai.benefits.models import Entitlement, PaymentAccount
from guanai.core.errors import PermissionRefused, ValidationFailed
from tests.benefits.fixtures_rolls import MONTH, SINCE, person
from tests.conftest import Region

# The named users of the benefits tests (township_leader, county_worker, county_viewer).
pytest_plugins = ["tests.benefits.fixtures_rolls"]

GOOD: dict[str, Any] = {
    "item": "one_child_aid",
    "quantity": 2,
    "started_on": SINCE,
    "reason": "独生子女伤残，无其他子女",
}


def test_grant_and_end(region: Region, township_worker: User) -> None:
    parent = person(region.ganlusi, "张父")
    granted = entitlement_grant(acting_user=township_worker, person=parent, **GOOD)
    assert (granted.quantity, granted.granted_by, granted.ended_on) == (2, township_worker, None)
    ended = entitlement_end(acting_user=township_worker, entitlement=granted, ended_on=MONTH)
    assert ended.ended_on == MONTH
    # After it ended, a new grant from a later day is fine; one overlapping it is not.
    with pytest.raises(ValidationFailed) as error:
        entitlement_grant(
            acting_user=township_worker, person=parent, **{**GOOD, "started_on": MONTH}
        )
    assert error.value.field == "started_on"
    again = entitlement_grant(
        acting_user=township_worker, person=parent, **{**GOOD, "started_on": date(2025, 3, 2)}
    )
    assert entitlements_of(parent) == [again, granted]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": 10}, "quantity"),
        ({"quantity": "两"}, "quantity"),
        ({"quantity": None}, "quantity"),
        ({"started_on": None}, "started_on"),
        ({"reason": "  "}, "reason"),
        ({"reason": "长" * 201}, "reason"),
        ({"item": "orphan_scattered"}, "item"),
        ({"item": "medical_ratio"}, "item"),
    ],
)
def test_bad_grants_are_refused(
    region: Region, township_worker: User, change: dict[str, Any], field: str
) -> None:
    parent = person(region.ganlusi, "李父")
    with pytest.raises(ValidationFailed) as error:
        entitlement_grant(acting_user=township_worker, person=parent, **{**GOOD, **change})
    assert error.value.field == field
    assert not Entitlement.objects.exists()


def test_quantity_as_text_is_read(region: Region, township_worker: User) -> None:
    parent = person(region.ganlusi, "王父")
    granted = entitlement_grant(
        acting_user=township_worker, person=parent, **{**GOOD, "quantity": " 9 "}
    )
    assert granted.quantity == 9


def test_bad_ends_are_refused(region: Region, township_worker: User) -> None:
    parent = person(region.ganlusi, "赵父")
    granted = entitlement_grant(acting_user=township_worker, person=parent, **GOOD)
    for ended_on in (None, date(2024, 2, 29)):
        with pytest.raises(ValidationFailed):
            entitlement_end(acting_user=township_worker, entitlement=granted, ended_on=ended_on)
    entitlement_end(acting_user=township_worker, entitlement=granted, ended_on=SINCE)
    with pytest.raises(ValidationFailed):
        entitlement_end(acting_user=township_worker, entitlement=granted, ended_on=MONTH)
    granted.refresh_from_db()
    assert granted.ended_on == SINCE


@pytest.mark.parametrize("who", ["county_viewer", "school_helper", "other_township_worker"])
def test_only_editors_of_the_unit_record_benefits(region: Region, who: str, request: Any) -> None:
    user = request.getfixturevalue(who)
    parent = person(region.ganlusi, "钱父")
    with pytest.raises(PermissionRefused):
        entitlement_grant(acting_user=user, person=parent, **GOOD)
    with pytest.raises(PermissionRefused):
        payment_account_set(
            acting_user=user, person=parent, bank="农行", account_number="12345678", holder="钱父"
        )
    assert not Entitlement.objects.exists() and not PaymentAccount.objects.exists()


def test_archived_files_take_no_new_benefits(region: Region, township_worker: User) -> None:
    gone = person(region.ganlusi, "孙父", archived=True)
    with pytest.raises(ValidationFailed):
        entitlement_grant(acting_user=township_worker, person=gone, **GOOD)
    with pytest.raises(ValidationFailed):
        payment_account_set(
            acting_user=township_worker,
            person=gone,
            bank="农行",
            account_number="12345678",
            holder="孙父",
        )


def test_payment_account_is_set_replaced_and_encrypted(
    region: Region, township_worker: User
) -> None:
    child = person(region.ganlusi, "周小")
    account = payment_account_set(
        acting_user=township_worker,
        person=child,
        bank=" 泸定县农村信用社 ",
        account_number="6230 5200 1234 5678 901",
        holder="周奶奶",
    )
    assert (account.bank, account.account_number, account.holder) == (
        "泸定县农村信用社",
        "62305200123456789 01".replace(" ", ""),
        "周奶奶",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT account_number FROM benefits_paymentaccount WHERE id = %s", [account.pk]
        )
        stored = cursor.fetchone()[0]
    assert "6230520012345678901" not in stored
    replaced = payment_account_set(
        acting_user=township_worker,
        person=child,
        bank="农业银行",
        account_number="62284800000012345",
        holder="周爷爷",
    )
    assert replaced.pk == account.pk
    assert PaymentAccount.objects.get(person=child).holder == "周爷爷"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"bank": " "}, "bank"),
        ({"holder": ""}, "holder"),
        ({"account_number": ""}, "account_number"),
        ({"account_number": "1234567"}, "account_number"),
        ({"account_number": "1" * 31}, "account_number"),
        ({"account_number": "6228-4800-1234"}, "account_number"),
        ({"account_number": "62284800ABC"}, "account_number"),
        ({"account_number": "６２２８４８００１２"}, "account_number"),  # full-width digits
        ({"bank": "银" * 61}, "bank"),
    ],
)
def test_bad_accounts_are_refused(
    region: Region, township_worker: User, change: dict[str, str], field: str
) -> None:
    child = person(region.ganlusi, "吴小")
    values = {"bank": "农行", "account_number": "12345678", "holder": "吴奶奶", **change}
    with pytest.raises(ValidationFailed) as error:
        payment_account_set(acting_user=township_worker, person=child, **values)
    assert error.value.field == field
    assert not PaymentAccount.objects.exists()


def test_the_audit_trail_does_not_keep_account_numbers(
    region: Region, township_worker: User
) -> None:
    child = person(region.ganlusi, "郑小")
    payment_account_set(
        acting_user=township_worker,
        person=child,
        bank="农行",
        account_number="62284800999912345",
        holder="郑奶奶",
    )
    logged = " ".join(str(entry.changes) for entry in LogEntry.objects.all())
    assert "62284800999912345" not in logged
