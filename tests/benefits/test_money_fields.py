"""Money typed on the benefits pages (issue 12 point 9): what a clerk types is read, "1e6",
"1_000" and a third decimal are refused beside the field in Chinese, and nothing is saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from guanai.accounts.models import User
from guanai.benefits.models import MedicalClaim
from tests.benefits.views_support import person, stay
from tests.conftest import Region, logged_in

pytestmark = pytest.mark.django_db

NEW = reverse("benefits:claim_new")
ZH = {"headers": {"accept-language": "zh-hans"}}


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("1e6", "指数"),  # Python's Decimal would read a million
        ("1_000", "下划线"),  # … and a thousand
        ("12000.005", "两位小数"),
        ("١٢٠٠٠", "0–9"),  # Arabic-Indic digits, which Decimal would read too
    ],
)
def test_a_claim_amount_python_would_read_is_refused_on_the_page(
    region: Region, township_worker: User, typed: str, words: str
) -> None:
    patient = person(region.ganlusi, "张大爷", "tekun")

    response = logged_in(township_worker).post(
        f"{NEW}?person={patient.pk}", {**stay(total_cost=typed), "action": "save"}, **ZH
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "is-invalid" in html
    assert words in html
    assert not MedicalClaim.objects.exists()


def test_a_claim_amount_typed_as_clerks_do_is_saved(region: Region, township_worker: User) -> None:
    patient = person(region.ganlusi, "张大爷", "tekun")
    amounts = {
        "total_cost": "￥１２，０００元",
        "insurance_paid": "6,000.00",
        "ineligible_cost": "¥1000",
    }

    response = logged_in(township_worker).post(
        f"{NEW}?person={patient.pk}", {**stay(**amounts), "action": "save"}, **ZH
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    claim = MedicalClaim.objects.get()
    assert (claim.total_cost, claim.insurance_paid, claim.ineligible_cost) == (
        Decimal("12000.00"),
        Decimal("6000.00"),
        Decimal("1000.00"),
    )
