"""The balance helper shared by the pocket-money ledger and the charity fund: a signed
amount is applied only when the balance stays from zero to the ceiling, to the fen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guanai.community.models.giving import CharityFund
from guanai.core.balances import balance_apply
from tests.conftest import Region

CEILING = Decimal("1000.00")
AMOUNTS = st.lists(
    st.decimals(min_value=Decimal("-600"), max_value=Decimal("600"), places=2), max_size=30
)


@pytest.fixture
def fund(region: Region) -> CharityFund:
    return CharityFund.objects.create(
        org_unit=region.county, name="泸定县慈善救助基金", opened_on="2026-01-05"
    )


def _balance(fund: CharityFund) -> Decimal:
    return CharityFund.objects.values_list("balance", flat=True).get(pk=fund.pk)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(amounts=AMOUNTS)
def test_an_amount_is_applied_only_when_the_balance_stays_between_zero_and_the_ceiling(
    fund: CharityFund, amounts: list[Decimal]
) -> None:
    with transaction.atomic():
        expected = Decimal("0.00")
        rows = CharityFund.objects.filter(pk=fund.pk)
        for amount in amounts:
            fits = Decimal(0) <= expected + amount <= CEILING
            assert balance_apply(rows, amount, ceiling=CEILING) is fits
            if fits:
                expected += amount
            assert _balance(fund) == expected
        transaction.set_rollback(True)  # the next example starts from an empty fund


def test_the_last_fen_is_taken_despite_sqlites_binary_floats(fund: CharityFund) -> None:
    rows = CharityFund.objects.filter(pk=fund.pk)
    for amount in ("0.30", "-0.10", "-0.20"):
        assert balance_apply(rows, Decimal(amount), ceiling=CEILING)

    assert _balance(fund) == Decimal("0.00")
    assert not balance_apply(rows, Decimal("-0.01"), ceiling=CEILING)


def test_no_row_is_no_change(fund: CharityFund) -> None:
    assert not balance_apply(CharityFund.objects.none(), Decimal("5"), ceiling=CEILING)
    assert _balance(fund) == Decimal("0.00")
