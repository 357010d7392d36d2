"""Medical-claim pages and the calculator: recording with every amount explained,
cancelling, trying a claim without saving; scoping, bad input and query counts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from guanai.accounts.models import User
from guanai.benefits.models import ClaimStatus, MedicalClaim
from tests.benefits.views_support import EN, claim, page, person, stay
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db

LIST = reverse("benefits:claim_list")
NEW = reverse("benefits:claim_new")
CALCULATOR = reverse("benefits:calculator")


def _detail(pk: int, action: str = "") -> str:
    return reverse("benefits:claim_detail", args=[pk]) + action


def test_worker_finds_the_patient_and_records_a_claim(
    region: Region, township_worker: User
) -> None:
    patient = person(region.ganlusi, "张大爷", "tekun")
    person(region.ganlusi, "李留守", "left_behind")
    client = logged_in(township_worker)

    picker = page(client, NEW + "?q=张")
    assert f"{NEW}?person={patient.pk}" in picker
    assert "李留守" not in page(client, NEW)  # not in a poor group

    response = client.post(f"{NEW}?person={patient.pk}", {**stay(), "action": "save"}, **EN)

    recorded = MedicalClaim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(recorded.pk)
    # 70% of (12,000 − 6,000 − 1,000) and 5 days at ¥17.
    assert (recorded.medical_assistance, recorded.hospital_allowance) == (
        Decimal("3500.00"),
        Decimal("85.00"),
    )
    html = page(client, _detail(recorded.pk))
    assert 'data-testid="claim-total">¥3,585.00<' in html
    for line in recorded.explanation:
        assert line in html


def test_compute_shows_the_amounts_and_saves_nothing(region: Region, township_worker: User) -> None:
    patient = person(region.ganlusi, "张大爷", "dibao")

    response = logged_in(township_worker).post(
        f"{NEW}?person={patient.pk}", {**stay(), "action": "preview"}, **EN
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="claim-total">¥3,535.00<' in html  # ¥7 a day for dibao
    assert not MedicalClaim.objects.exists()


def test_bad_input_is_refused_beside_the_field(region: Region, township_worker: User) -> None:
    patient = person(region.ganlusi, "张大爷", "tekun")
    client = logged_in(township_worker)

    for values, message in (
        ({"total_cost": "一万"}, "“一万” has digits other than 0–9; write the amount with 0–9"),
        ({"admitted": "2025-03-09"}, "is-invalid"),
        ({"hospital": ""}, "is-invalid"),
    ):
        response = client.post(
            f"{NEW}?person={patient.pk}", {**stay(**values), "action": "save"}, **EN
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Please correct the errors below." in html
        assert message in html
    assert not MedicalClaim.objects.exists()


def test_a_person_in_no_poor_group_is_refused(region: Region, township_worker: User) -> None:
    child = person(region.ganlusi, "李留守", "left_behind")

    response = logged_in(township_worker).post(
        f"{NEW}?person={child.pk}", {**stay(), "action": "save"}, **EN
    )

    assert "medical assistance is for the poor groups only" in response.content.decode()
    assert not MedicalClaim.objects.exists()


def test_cancel_with_a_reason(region: Region, township_worker: User) -> None:
    recorded = claim(township_worker, person(region.ganlusi, "张大爷"))
    client = logged_in(township_worker)

    response = client.post(_detail(recorded.pk, "cancel/"), {"reason": ""}, **EN)
    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    recorded.refresh_from_db()
    assert recorded.status == ClaimStatus.RECORDED

    response = client.post(_detail(recorded.pk, "cancel/"), {"reason": "重复录入"}, **EN)
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert (recorded.status, recorded.cancel_reason) == (ClaimStatus.CANCELLED, "重复录入")
    assert "重复录入" in page(client, _detail(recorded.pk))


def test_another_township_gets_404(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    patient = person(region.ganlusi, "张大爷")
    recorded = claim(township_worker, patient)
    client = logged_in(other_township_worker)

    assert client.get(_detail(recorded.pk)).status_code == 404
    assert client.post(_detail(recorded.pk, "cancel/"), {"reason": "x"}).status_code == 404
    assert client.get(f"{NEW}?person={patient.pk}").status_code == 404
    assert client.get(f"{CALCULATOR}?person={patient.pk}").status_code == 404
    assert "张大爷" not in page(client, LIST)


def test_viewer_reads_but_cannot_post(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    patient = person(region.ganlusi, "张大爷")
    recorded = claim(township_worker, patient)
    client = logged_in(prefecture_viewer)

    assert "张大爷" in page(client, LIST)
    assert _detail(recorded.pk, "cancel/") not in page(client, _detail(recorded.pk))
    assert client.post(_detail(recorded.pk, "cancel/"), {"reason": "x"}).status_code == 403
    response = client.post(f"{NEW}?person={patient.pk}", {**stay(), "action": "save"})
    assert response.status_code == 403
    recorded.refresh_from_db()
    assert recorded.status == ClaimStatus.RECORDED
    assert MedicalClaim.objects.count() == 1


def test_calculator_without_a_person(region: Region, prefecture_viewer: User) -> None:
    query = (
        "?categories=sanwu&total_cost=30000&insurance_paid=10000&ineligible_cost=0"
        "&admitted=2025-05-01&discharged=2025-05-11&year_assistance_so_far=40000"
    )

    html = page(logged_in(prefecture_viewer), CALCULATOR + query)

    # 70% of 20,000 = 14,000, but only 10,000 left of the cap; 10 days at ¥17.
    assert 'data-testid="medical-assistance">¥10,000.00<' in html
    assert 'data-testid="claim-total">¥10,170.00<' in html
    assert 'data-testid="save-claim"' not in html
    assert not MedicalClaim.objects.exists()


def test_calculator_bad_input(region: Region, prefecture_viewer: User) -> None:
    html = page(
        logged_in(prefecture_viewer),
        CALCULATOR + "?total_cost=abc&admitted=2025-05-01&discharged=2025-05-11",
    )

    assert "“abc” is not an amount; write it in digits, e.g. 1234.50 or ¥1,234.50." in html
    assert 'data-testid="claim-result"' not in html


def test_calculator_for_a_person_then_saved(region: Region, township_worker: User) -> None:
    patient = person(region.ganlusi, "张大爷", "tekun")
    claim(township_worker, patient, admitted="2025-01-01", discharged="2025-01-06")
    client = logged_in(township_worker)
    query = (
        f"?person={patient.pk}&hospital=州医院&total_cost=12000&insurance_paid=6000"
        "&ineligible_cost=1000&admitted=2025-03-01&discharged=2025-03-06"
    )

    html = page(client, CALCULATOR + query)
    # The year so far comes from the records: 3,500 received already.
    assert "¥3,500.00" in html
    assert 'data-testid="save-claim"' in html
    assert MedicalClaim.objects.count() == 1

    response = client.post(
        f"{NEW}?person={patient.pk}",
        {**stay(hospital="州医院"), "action": "save"},
    )
    assert response.status_code == 302
    assert MedicalClaim.objects.count() == 2


def test_the_list_runs_a_fixed_number_of_queries(region: Region, township_worker: User) -> None:
    patient = person(region.ganlusi, "张大爷")
    start = date(2025, 1, 1)
    claim(township_worker, patient, admitted=start.isoformat(), discharged=start.isoformat())
    client = logged_in(township_worker)
    with count_queries() as one:
        page(client, LIST)
    for n in range(1, 50):
        day = start + timedelta(days=n)
        claim(
            township_worker,
            person(region.ganlusi, f"张{n}号"),
            admitted=day.isoformat(),
            discharged=day.isoformat(),
        )
    with count_queries() as fifty:
        html = page(client, LIST)
    assert "50 claims" in html
    assert_same_query_count(one, fifty)
