"""Rehabilitation of orphaned and disabled children (篇八 (一) 5, issue 12 point 17).

"协助相关部门抓好孤残儿童康复治疗，对其医疗费用全额救助。实施明天计划、重生行动……孤残儿童手术
康复项目": an orphan or a disabled person under 18 whose stay is rehabilitation treatment
gets the eligible out-of-pocket cost relieved in full, beside the 70 % rule, with its own
explanation line; the relief has no yearly cap and uses none of the other caps.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from guanai.accounts.models import User
from guanai.benefits import catalogue
from guanai.benefits.claims import claim_preview, claim_record, year_so_far
from guanai.benefits.medical import MEDICAL_CODES, ClaimInput, YearSoFar, compute
from guanai.benefits.policies import default_rates
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests import factories
from tests.api.benefits_support import call
from tests.api.conftest import bearer
from tests.benefits.fixtures_medical import stay
from tests.conftest import Region

D = Decimal
RATES = default_rates(MEDICAL_CODES)


def claim(**values: Any) -> ClaimInput:
    """A disabled child's stay: ¥30,000 total, ¥18,000 insurance, ¥2,000 ineligible, 10 days."""
    base = ClaimInput(
        categories=("disabled",),
        total_cost=D("30000.00"),
        insurance_paid=D("18000.00"),
        ineligible_cost=D("2000.00"),
        admitted=date(2025, 6, 1),
        discharged=date(2025, 6, 11),
        leukemia=False,
        surgery=True,
        second_round=False,
        temporary_request=D("0.00"),
        rehabilitation=True,
        child=True,
    )
    return replace(base, **values)


# --- The engine --------------------------------------------------------------------------


def test_a_disabled_child_s_rehabilitation_is_relieved_in_full_with_its_own_line() -> None:
    with translation.override("en"):
        result = compute(claim(), RATES, YearSoFar())

    assert result.eligible_out_of_pocket == D("10000.00")  # 30,000 − 18,000 − 2,000
    assert result.rehabilitation_relief == D("10000.00")  # × 100 %
    assert result.medical_assistance == D("0.00")
    assert result.total == D("10000.00")
    assert result.explanation[1] == (
        "Rehabilitation of orphaned and disabled children (Disabled person, under 18): "
        "eligible out-of-pocket ¥10,000.00 × 100% = ¥10,000.00, with no yearly cap and not "
        "counted toward the other caps. Standard: national standard (Plan 8 (1) 5: the "
        "medical cost of orphaned and disabled children's rehabilitation treatment relieved "
        "in full (明天计划, 重生行动 and other surgery projects))."
    )
    assert result.explanation[-1] == "Total: ¥10,000.00."


def test_an_orphan_gets_the_relief_beside_the_other_items_of_the_poor_groups() -> None:
    with translation.override("en"):
        result = compute(claim(categories=("orphan",)), RATES, YearSoFar())

    # The relief takes the whole eligible cost, so the 70 % rule has nothing left to pay;
    # the hospital allowance of a poor group is still paid (10 days × ¥7).
    assert result.rehabilitation_relief == D("10000.00")
    assert result.medical_assistance == D("0.00")
    assert result.hospital_allowance == D("70.00")
    assert result.total == D("10070.00")
    assert result.explanation[1].startswith("Rehabilitation of orphaned and disabled children")
    assert result.explanation[2].startswith(
        "Medical assistance: (eligible out-of-pocket ¥10,000.00 − child rehabilitation relief "
        "¥10,000.00) = ¥0.00 × 70%"
    )
    assert result.explanation[-1] == (
        "Total: ¥10,000.00 + ¥0.00 + ¥0.00 + ¥70.00 + ¥0.00 + ¥0.00 = ¥10,070.00."
    )


def test_the_relief_has_no_yearly_cap() -> None:
    spent = YearSoFar(assistance=D("50000"), second=D("20000"), temporary=D("8000"))
    result = compute(claim(total_cost=D("200000.00")), RATES, spent)

    assert result.rehabilitation_relief == D("180000.00")


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"child": False}, "an adult"),
        ({"categories": ("dibao",)}, "neither orphan nor disabled"),
        ({"rehabilitation": False}, "not rehabilitation"),
    ],
)
def test_no_relief_outside_the_rule(values: dict[str, Any], reason: str) -> None:
    result = compute(claim(**values), RATES, YearSoFar())

    assert result.rehabilitation_relief == D("0.00"), reason


def test_a_poor_adult_asking_for_the_relief_gets_the_70_percent_rule_and_a_reason() -> None:
    with translation.override("en"):
        result = compute(claim(categories=("tekun", "disabled"), child=False), RATES, YearSoFar())

    assert result.rehabilitation_relief == D("0.00")
    assert result.medical_assistance == D("7000.00")  # 10,000 × 70 %
    assert result.explanation[1] == (
        "Rehabilitation of orphaned and disabled children: the patient is not an orphan or a "
        "disabled person under 18 on admission → ¥0.00."
    )


def test_the_relief_is_explained_in_chinese() -> None:
    with translation.override("zh-hans"):
        result = compute(claim(), RATES, YearSoFar())

    assert "孤残儿童" in result.explanation[1]
    assert "全额" in str(catalogue.item(catalogue.CHILD_REHABILITATION).basis)


# --- Recorded claims -------------------------------------------------------------------------


def child(worker: User, unit: OrgUnit, born: date, categories: tuple[str, ...]) -> Person:
    return factories.person(
        unit, "李小花", by=worker, born=born, categories=categories, since=date(2024, 1, 1)
    )


def test_a_disabled_child_in_no_poor_group_gets_the_relief_recorded(
    region: Region, township_worker: User
) -> None:
    patient = child(township_worker, region.ganlusi, date(2015, 4, 1), ("disabled",))

    recorded = claim_record(
        acting_user=township_worker,
        person=patient,
        data=stay(total="30000", insurance="18000", ineligible="2000", rehabilitation=True),
    )

    recorded.refresh_from_db()
    assert recorded.rehabilitation is True
    assert recorded.rehabilitation_relief == D("10000.00")
    assert recorded.medical_assistance == D("0.00")
    assert recorded.total == D("10000.00")
    # The relief uses none of the caps of the other items.
    assert year_so_far(patient, 2025) == YearSoFar()


def test_the_same_child_without_rehabilitation_is_refused_as_in_no_poor_group(
    region: Region, township_worker: User
) -> None:
    patient = child(township_worker, region.ganlusi, date(2015, 4, 1), ("disabled",))

    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        claim_record(acting_user=township_worker, person=patient, data=stay())

    assert "困难群体" in str(refused.value.message) or "特困" in str(refused.value.message)


def test_the_age_comes_from_the_person_not_from_the_form(
    region: Region, township_worker: User
) -> None:
    # Born 2006-04-01: 18 on 2024-04-01, so an adult at the 2025 stay whatever is sent.
    patient = child(township_worker, region.ganlusi, date(2006, 4, 1), ("disabled",))

    result = claim_preview(person=patient, data=stay(rehabilitation=True, child=True))

    assert result.rehabilitation_relief == D("0.00")
    assert result.total == D("0.00")


# --- Through the API -------------------------------------------------------------------------


def test_the_api_records_and_calculates_the_relief(region: Region, township_worker: User) -> None:
    patient = child(township_worker, region.ganlusi, date(2015, 4, 1), ("disabled",))
    headers = bearer(township_worker)
    body = {
        "hospital": "四川大学华西医院",
        "admitted": "2025-06-01",
        "discharged": "2025-06-11",
        "total_cost": "30000.00",
        "insurance_paid": "18000.00",
        "ineligible_cost": "2000.00",
        "rehabilitation": True,
    }

    recorded = call(
        Client(), "post", "/api/benefits/claims", body | {"person_id": patient.pk}, headers
    )
    calculated = call(
        Client(),
        "post",
        "/api/benefits/calculator",
        body | {"categories": ["orphan"], "child": True},
        headers,
    )

    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["rehabilitation"] is True
    assert recorded.json()["rehabilitation_relief"] == "10000.00"
    assert recorded.json()["total"] == "10000.00"
    assert calculated.status_code == 200, calculated.content
    assert calculated.json()["rehabilitation_relief"] == "10000.00"
    assert calculated.json()["hospital_allowance"] == "70.00"
