"""Medical-assistance claims and the calculator through the API: amounts as text, explained,
capped across the year, scoped like the pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from guanai.accounts.models import User
from guanai.benefits.models import ClaimStatus, MedicalClaim
from guanai.registry.models import Person
from tests.api.benefits_support import call, person
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.support.queries import assert_num_queries, assert_same_query_count, count_queries

# Token, memberships, the count and the page (person, unit and author joined).
CLAIM_LIST_QUERIES = 4
# Eligible out-of-pocket 10,000 − 3,000 − 1,000 = 6,000; 70 % = 4,200; 10 days × ¥17 = 170.
STAY = {
    "hospital": "泸定县人民医院",
    "admitted": "2025-03-01",
    "discharged": "2025-03-11",
    "total_cost": "10000.00",
    "insurance_paid": "3000.00",
    "ineligible_cost": "1000.00",
}


def _elder(region: Region, name: str = "杨福贵") -> Person:
    return person(region.ganlusi, name, ("tekun", {"support": "scattered"}))


def test_a_worker_records_a_claim_with_its_explanation(
    region: Region, township_worker: User
) -> None:
    elder = _elder(region)
    headers = bearer(township_worker)

    response = call(
        Client(), "post", "/api/benefits/claims", STAY | {"person_id": elder.pk}, headers
    )

    assert response.status_code == 201, response.content
    claim = response.json()
    assert claim["person"] == {"id": elder.pk, "name": "杨福贵"}
    assert claim["org_unit"] == {"id": region.ganlusi.pk, "name": "甘露寺村"}
    assert claim["eligible_out_of_pocket"] == "6000.00"
    assert claim["medical_assistance"] == "4200.00"
    assert claim["hospital_allowance"] == "170.00"
    assert (claim["lump_sum"], claim["second_assistance"], claim["temporary"]) == (
        "0.00",
        "0.00",
        "0.00",
    )
    assert claim["total"] == "4370.00"
    assert claim["status"] == "recorded"
    assert claim["created_by"] == township_worker.get_full_name()
    assert any("4,200.00" in line for line in claim["explanation"])
    detail = Client().get(f"/api/benefits/claims/{claim['id']}", headers=headers).json()
    assert detail == claim


def test_the_yearly_cap_carries_across_claims(region: Region, township_worker: User) -> None:
    elder = _elder(region)
    headers = bearer(township_worker)
    # ¥70,000 eligible: 70 % = 49,000; then 70 % of 10,000 = 7,000 but only 1,000 is left.
    big = STAY | {"total_cost": "70000.00", "insurance_paid": "0", "ineligible_cost": "0"}
    first = call(Client(), "post", "/api/benefits/claims", big | {"person_id": elder.pk}, headers)
    assert first.json()["medical_assistance"] == "49000.00"
    later = STAY | {
        "admitted": "2025-05-01",
        "discharged": "2025-05-02",
        "total_cost": "10000.00",
        "insurance_paid": "0",
        "ineligible_cost": "0",
    }
    second = call(
        Client(), "post", "/api/benefits/claims", later | {"person_id": elder.pk}, headers
    )
    assert second.json()["medical_assistance"] == "1000.00"
    # Cancelling the first frees the cap for the calculator's next try.
    cancelled = call(
        Client(),
        "post",
        f"/api/benefits/claims/{first.json()['id']}/cancel",
        {"reason": "重复录入"},
        headers,
    )
    assert cancelled.status_code == 200, cancelled.content
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == (
        "cancelled",
        "重复录入",
    )
    preview = call(
        Client(),
        "post",
        "/api/benefits/calculator",
        later | {"person_id": elder.pk, "discharged": "2025-06-02", "admitted": "2025-06-01"},
        headers,
    )
    # The year so far is the second claim's 1,000 alone: 70 % × 10,000 = 7,000 fits.
    assert preview.status_code == 200, preview.content
    assert preview.json()["medical_assistance"] == "7000.00"
    assert MedicalClaim.objects.count() == 2  # the calculator saves nothing
    again = call(
        Client(),
        "post",
        f"/api/benefits/claims/{first.json()['id']}/cancel",
        {"reason": "再次取消"},
        headers,
    )
    assert again.status_code == 400


def test_bad_claims_are_refused_with_the_field(region: Region, township_worker: User) -> None:
    elder = _elder(region)
    headers = bearer(township_worker)
    base = STAY | {"person_id": elder.pk}
    tomorrow = (timezone.localdate() + timedelta(days=2)).isoformat()
    cases: list[tuple[dict[str, Any], int, str | None]] = [
        ({"discharged": "2025-02-01"}, 400, "discharged"),  # before admission
        ({"discharged": tomorrow}, 400, "discharged"),
        ({"insurance_paid": "9500.00"}, 400, "insurance_paid"),  # more than the cost
        ({"total_cost": "12.345"}, 400, "total_cost"),
        ({"total_cost": "-5"}, 400, "total_cost"),
        ({"hospital": "  "}, 400, "hospital"),
        ({"total_cost": 10000.5}, 400, "total_cost"),  # a JSON number: the fen may be lost
        ({"total_cost": "1e6"}, 400, "total_cost"),
        ({"admitted": "2025-02-30"}, 422, None),
        ({"hospital": "医" * 101}, 422, None),
    ]
    for change, status, field in cases:
        response = call(Client(), "post", "/api/benefits/claims", base | change, headers)
        assert response.status_code == status, (change, response.content)
        if field:
            assert response.json()["field"] == field, change
    # Not in a poor group: medical assistance is for the poor groups only.
    child = person(region.ganlusi, "王小明", ("left_behind", {}))
    refused = call(
        Client(), "post", "/api/benefits/claims", STAY | {"person_id": child.pk}, headers
    )
    assert refused.status_code == 400 and refused.json()["field"] == "discharged"
    assert not MedicalClaim.objects.exists()


def test_claims_are_scoped_and_viewers_only_read(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    prefecture_viewer: User,
    school_helper: User,
) -> None:
    elder = _elder(region)
    body = STAY | {"person_id": elder.pk}
    assert (
        call(Client(), "post", "/api/benefits/claims", body, bearer(prefecture_viewer)).status_code
        == 403
    )
    assert (
        call(
            Client(), "post", "/api/benefits/claims", body, bearer(other_township_worker)
        ).status_code
        == 404
    )
    claim = call(Client(), "post", "/api/benefits/claims", body, bearer(township_worker)).json()
    path = f"/api/benefits/claims/{claim['id']}"
    other = bearer(other_township_worker)
    assert Client().get(path, headers=other).status_code == 404
    assert Client().get("/api/benefits/claims", headers=other).json()["count"] == 0
    assert call(Client(), "post", f"{path}/cancel", {"reason": "错"}, other).status_code == 404
    viewer = bearer(prefecture_viewer)
    assert Client().get(path, headers=viewer).status_code == 200
    assert call(Client(), "post", f"{path}/cancel", {"reason": "错"}, viewer).status_code == 403
    assert Client().get("/api/benefits/claims", headers=bearer(school_helper)).status_code == 403
    calc = STAY | {"person_id": elder.pk}
    assert call(Client(), "post", "/api/benefits/calculator", calc, other).status_code == 404
    assert MedicalClaim.objects.get().status == ClaimStatus.RECORDED


def test_claim_list_filters(region: Region, township_worker: User) -> None:
    elder, other = _elder(region), _elder(region, "何德顺")
    headers = bearer(township_worker)
    for who, day in [(elder, "2024-10-10"), (elder, "2025-03-11"), (other, "2025-04-11")]:
        stay = STAY | {"person_id": who.pk, "admitted": day, "discharged": day}
        assert call(Client(), "post", "/api/benefits/claims", stay, headers).status_code == 201

    def found(query: str) -> list[tuple[str, str]]:
        response = Client().get(f"/api/benefits/claims{query}", headers=headers)
        assert response.status_code == 200, response.content
        return [(c["person"]["name"], c["discharged"]) for c in response.json()["items"]]

    assert found("") == [
        ("何德顺", "2025-04-11"),
        ("杨福贵", "2025-03-11"),
        ("杨福贵", "2024-10-10"),
    ]
    assert found(f"?person_id={elder.pk}&year=2025") == [("杨福贵", "2025-03-11")]
    assert found("?status=cancelled") == []
    assert Client().get("/api/benefits/claims?year=1900", headers=headers).status_code == 422


def test_the_calculator_without_a_person_uses_the_national_standards(
    region: Region, prefecture_viewer: User
) -> None:
    body = STAY | {
        "categories": ["dibao"],
        "disease": "急性白血病",
        "surgery": True,
        "second_round": True,
        "year_assistance_so_far": "48000.00",
        "temporary_request": "3000",
        "year_temporary_so_far": "6000",
    }

    response = call(Client(), "post", "/api/benefits/calculator", body, bearer(prefecture_viewer))

    assert response.status_code == 200, response.content
    result = response.json()
    assert result["days"] == 10 and result["groups"] == ["dibao"]
    assert result["eligible_out_of_pocket"] == "6000.00"
    assert result["medical_assistance"] == "2000.00"  # 4,200 asked, 2,000 left of the cap
    assert result["second_assistance"] == "2000.00"  # 50 % × (6,000 − 2,000)
    assert result["hospital_allowance"] == "70.00"  # 10 days × ¥7 for 低保
    assert result["lump_sum"] == "20000.00"  # leukaemia with surgery
    assert result["temporary"] == "2000.00"  # 3,000 asked, 8,000 − 6,000 left
    assert result["total"] == "26070.00"
    assert len(result["explanation"]) >= 5
    bad = call(
        Client(),
        "post",
        "/api/benefits/calculator",
        body | {"year_assistance_so_far": "1.234"},
        bearer(prefecture_viewer),
    )
    assert bad.status_code == 400 and bad.json()["field"] == "year_assistance_so_far"
    unknown = call(
        Client(),
        "post",
        "/api/benefits/calculator",
        body | {"categories": ["rich"]},
        bearer(prefecture_viewer),
    )
    assert unknown.status_code == 422
    assert not MedicalClaim.objects.exists()


def test_claim_list_queries_do_not_grow(region: Region, township_worker: User) -> None:
    headers = bearer(township_worker)
    elder = _elder(region)
    first = date(2025, 1, 1)

    def record(days: range) -> None:
        for n in days:
            day = (first + timedelta(days=n)).isoformat()
            stay = STAY | {"person_id": elder.pk, "admitted": day, "discharged": day}
            response = call(Client(), "post", "/api/benefits/claims", stay, headers)
            assert response.status_code == 201, response.content

    record(range(1))
    with count_queries() as small, assert_num_queries(CLAIM_LIST_QUERIES):
        assert Client().get("/api/benefits/claims", headers=headers).json()["count"] == 1
    record(range(1, 50))
    with count_queries() as large:
        assert len(Client().get("/api/benefits/claims", headers=headers).json()["items"]) == 50
    assert_same_query_count(small, large)
