"""Medical-assistance claims (issue 5 §4): recording, year-to-date caps, scoping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.http import Http404
from django.utils import translation
from django.utils.formats import date_format

from guanai.accounts.models import Role, User
from guanai.benefits import catalogue
from guanai.benefits.claims import (
    access_claim,
    claim_cancel,
    claim_preview,
    claim_record,
    claims_visible,
    year_so_far,
)
from guanai.benefits.medical import YearSoFar
from guanai.benefits.models import ClaimStatus, MedicalClaim
from guanai.benefits.policies import policy_rate_add
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.registry.models import Person
from guanai.registry.services import category_end, person_archive
from tests import factories
from tests.benefits.fixtures_medical import adult, record, stay
from tests.conftest import Region

D = Decimal


@pytest.fixture
def patient(region: Region, township_worker: User) -> Person:
    """王大山, extremely poor (特困) since 2024, of 甘露寺村 in 冷碛镇."""
    return adult(township_worker, region.ganlusi)


# --- Recording -------------------------------------------------------------------------------


def test_a_claim_stores_inputs_amounts_and_explanation(
    patient: Person, township_worker: User
) -> None:
    claim = record(
        township_worker,
        patient,
        disease="急性淋巴细胞白血病",
        surgery=True,
        temporary_request="3000",
    )
    claim.refresh_from_db()
    assert (claim.hospital, claim.admitted, claim.discharged) == (
        "泸定县人民医院",
        date(2025, 3, 1),
        date(2025, 3, 6),
    )
    assert (claim.disease, claim.leukemia, claim.surgery) == ("急性淋巴细胞白血病", True, True)
    assert (claim.total_cost, claim.insurance_paid, claim.ineligible_cost) == (
        D("12000"),
        D("6000"),
        D("1000"),
    )
    assert claim.eligible_out_of_pocket == D("5000.00")
    assert claim.medical_assistance == D("3500.00")
    assert claim.second_assistance == D("0.00")
    assert claim.hospital_allowance == D("85.00")  # 5 days × ¥17 (特困)
    assert claim.lump_sum == D("20000.00")
    assert claim.temporary == D("3000.00")
    assert claim.total == D("26585.00")
    assert len(claim.explanation) == 7
    assert "¥3,500.00" in claim.explanation[1]
    assert claim.status == ClaimStatus.RECORDED
    assert claim.created_by == township_worker


def test_the_person_s_own_groups_count_not_the_ones_given(
    region: Region, township_worker: User
) -> None:
    dibao = adult(township_worker, region.ganlusi, "李低保", categories=("dibao",))
    claim = record(township_worker, dibao, categories=["tekun"])
    assert claim.hospital_allowance == D("35.00")  # 5 × ¥7, not ¥17
    both = adult(township_worker, region.ganlusi, "赵三无", categories=("dibao", "sanwu"))
    assert record(township_worker, both).hospital_allowance == D("85.00")  # the higher


def test_a_person_in_no_poor_group_on_the_discharge_date_is_refused(
    region: Region, township_worker: User
) -> None:
    disabled = adult(township_worker, region.ganlusi, "钱残疾", categories=("disabled",))
    with pytest.raises(ValidationFailed) as refused:
        record(township_worker, disabled)
    assert "钱残疾" in str(refused.value.message)
    assert date_format(date(2025, 3, 6)) in str(refused.value.message)  # 2025年3月6日
    # In the group only after the discharge date: refused too.
    late = adult(township_worker, region.ganlusi, "孙后来", since=date(2025, 3, 7))
    with pytest.raises(ValidationFailed):
        record(township_worker, late)
    assert MedicalClaim.objects.count() == 0


def test_a_group_that_ended_before_discharge_does_not_count(
    patient: Person, township_worker: User
) -> None:
    entry = patient.categories.get(category="tekun")
    category_end(acting_user=township_worker, entry=entry, on=date(2025, 3, 5))
    with pytest.raises(ValidationFailed):
        record(township_worker, patient)  # discharged 2025-03-06
    claim = record(township_worker, patient, admitted="2025-03-01", discharged="2025-03-05")
    assert claim.hospital_allowance == D("68.00")  # ended on the discharge day: still in


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"hospital": ""}, "hospital"),
        ({"hospital": "院" * 101}, "hospital"),
        ({"total": "abc"}, "total_cost"),
        ({"insurance": "-1"}, "insurance_paid"),
        ({"ineligible": "7000"}, "insurance_paid"),  # 6,000 + 7,000 > 12,000
        ({"admitted": "2025-03-07"}, "discharged"),
        ({"discharged": "2099-01-01"}, "discharged"),
        ({"surgery": "maybe"}, "surgery"),
        ({"categories": ["没有这类"]}, "categories"),
    ],
)
def test_bad_input_is_refused_with_its_field(
    patient: Person, township_worker: User, values: dict[str, str], field: str
) -> None:
    data = stay(**{k: v for k, v in values.items() if k != "hospital"})
    if "hospital" in values:
        data["hospital"] = values["hospital"]
    with pytest.raises(ValidationFailed) as refused:
        claim_record(acting_user=township_worker, person=patient, data=data)
    assert refused.value.field == field
    assert not MedicalClaim.objects.exists()


def test_the_same_stay_is_not_recorded_twice(patient: Person, township_worker: User) -> None:
    first = record(township_worker, patient)
    with pytest.raises(ValidationFailed):
        record(township_worker, patient)
    claim_cancel(acting_user=township_worker, claim=first, reason="费用录错")
    assert record(township_worker, patient).medical_assistance == D("3500.00")


def test_an_archived_person_gets_no_new_claim(patient: Person, township_worker: User) -> None:
    person_archive(acting_user=township_worker, person=patient, reason="deceased")
    with pytest.raises(ValidationFailed):
        record(township_worker, patient)


# --- The year so far: caps carry over within a year and start afresh the next ------------------


def test_the_assistance_cap_carries_across_claims_and_resets_next_year(
    patient: Person, township_worker: User
) -> None:
    def claim_of(admitted: str, discharged: str, out_of_pocket: str) -> MedicalClaim:
        return record(
            township_worker,
            patient,
            admitted=admitted,
            discharged=discharged,
            total=out_of_pocket,
            insurance="0",
            ineligible="0",
        )

    # Given ¥42,000 paid in March (60,000 × 70 %) …
    assert claim_of("2025-03-01", "2025-03-10", "60000").medical_assistance == D("42000.00")
    # … a June claim worth ¥14,000 gets the ¥8,000 left of the ¥50,000 cap,
    assert claim_of("2025-06-01", "2025-06-10", "20000").medical_assistance == D("8000.00")
    # a September one nothing,
    september = claim_of("2025-09-01", "2025-09-03", "1000")
    assert september.medical_assistance == D("0.00")
    assert "¥0.00 → ¥0.00" in september.explanation[1]
    # and in the next year the cap starts afresh (the stay began in 2025: the discharge
    # date's year counts).
    assert claim_of("2025-12-28", "2026-01-03", "20000").medical_assistance == D("14000.00")
    assert year_so_far(patient, 2025) == YearSoFar(assistance=D("50000.00"))
    assert year_so_far(patient, 2026).assistance == D("14000.00")


def test_a_cancelled_claim_frees_its_share_of_the_caps(
    patient: Person, township_worker: User
) -> None:
    big = record(township_worker, patient, total="80000", insurance="0", ineligible="0")
    assert big.medical_assistance == D("50000.00")
    assert record(
        township_worker, patient, admitted="2025-04-01", discharged="2025-04-02"
    ).medical_assistance == D("0.00")
    claim_cancel(acting_user=township_worker, claim=big, reason="重复录入")
    assert year_so_far(patient, 2025).assistance == D("0.00")
    assert record(
        township_worker, patient, admitted="2025-05-01", discharged="2025-05-02"
    ).medical_assistance == D("3500.00")


def test_the_temporary_cap_carries_over_and_resets(patient: Person, township_worker: User) -> None:
    def asking(amount: str, discharged: str) -> Decimal:
        return record(
            township_worker,
            patient,
            admitted=discharged,
            discharged=discharged,
            temporary_request=amount,
        ).temporary

    assert asking("5000", "2025-02-01") == D("5000.00")
    assert asking("5000", "2025-05-01") == D("3000.00")  # ¥8,000 a year
    assert asking("100", "2025-08-01") == D("0.00")
    assert asking("5000", "2026-02-01") == D("5000.00")


def test_the_second_round_cap_carries_over(patient: Person, township_worker: User) -> None:
    def second(discharged: str) -> Decimal:
        return record(
            township_worker,
            patient,
            admitted=discharged,
            discharged=discharged,
            total="40000",
            insurance="0",
            ineligible="0",
            second_round=True,
        ).second_assistance

    # 1st: 40,000 × 70 % = 28,000; (40,000 − 28,000) × 50 % = 6,000.
    # 2nd: first round 22,000 (cap); (40,000 − 22,000) × 50 % = 9,000.
    # 3rd: first round 0; 40,000 × 50 % = 20,000, but 20,000 − 15,000 = 5,000 left.
    # 4th: both caps used up.
    assert [second(f"2025-0{m}-01") for m in (1, 2, 3, 4)] == [
        D("6000.00"),
        D("9000.00"),
        D("5000.00"),
        D("0.00"),
    ]
    assert second("2026-01-01") == D("6000.00")


def test_the_leukaemia_lump_sum_is_limited_per_year(patient: Person, township_worker: User) -> None:
    def lump(discharged: str, surgery: bool) -> Decimal:
        return record(
            township_worker,
            patient,
            admitted=discharged,
            discharged=discharged,
            disease="白血病",
            surgery=surgery,
        ).lump_sum

    assert lump("2025-02-01", surgery=False) == D("5000.00")
    assert lump("2025-03-01", surgery=False) == D("0.00")
    assert lump("2025-04-01", surgery=True) == D("15000.00")  # the difference
    assert lump("2025-05-01", surgery=True) == D("0.00")
    assert lump("2026-01-10", surgery=True) == D("20000.00")


# --- Standards by date and region ----------------------------------------------------------


def test_a_county_ratio_applies_to_claims_discharged_from_its_date(
    region: Region, patient: Person, township_worker: User, county_leader: User
) -> None:
    policy_rate_add(
        acting_user=county_leader,
        org_unit=region.county,
        item=catalogue.MEDICAL_RATIO,
        effective_from=date(2026, 3, 1),
        amount="80",
    )
    with translation.override("en"):
        before = record(township_worker, patient, admitted="2026-02-20", discharged="2026-02-28")
        after = record(township_worker, patient, admitted="2026-02-25", discharged="2026-03-01")
    assert before.medical_assistance == D("3500.00")  # 5,000 × 70 %
    assert after.medical_assistance == D("4000.00")  # 5,000 × 80 %
    assert "national standard" in before.explanation[1]
    assert "× 80% = ¥4,000.00" in after.explanation[1]
    assert "ratio, standard of 泸定县 from 2026-03-01" in after.explanation[1]


def test_a_township_s_higher_rate_pays_only_its_own_persons(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    lengqi_leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    policy_rate_add(
        acting_user=lengqi_leader,
        org_unit=region.lengqi,
        item=catalogue.HOSPITAL_DAY_HIGH,
        effective_from=date(2025, 1, 1),
        amount="20",
    )
    here = adult(township_worker, region.ganlusi, "冷碛人")
    there = adult(other_township_worker, region.shencun, "兴隆人")
    assert record(township_worker, here).hospital_allowance == D("100.00")  # 5 × ¥20
    assert record(other_township_worker, there).hospital_allowance == D("85.00")  # 5 × ¥17


# --- Preview -------------------------------------------------------------------------------


def test_preview_with_a_person_uses_their_groups_rates_and_year(
    patient: Person, township_worker: User
) -> None:
    record(township_worker, patient, total="60000", insurance="0", ineligible="0")
    result = claim_preview(
        person=patient,
        data=stay(admitted="2025-06-01", discharged="2025-06-06", categories=["dibao"]),
    )
    assert result.groups == ("tekun",)
    assert result.medical_assistance == D("3500.00")  # 8,000 left of the cap
    assert result.hospital_allowance == D("85.00")
    assert MedicalClaim.objects.count() == 1  # nothing saved


def test_preview_without_a_person_uses_the_given_year_so_far(db: None) -> None:
    result = claim_preview(
        person=None,
        data=stay(categories=["低保户"], year_assistance_so_far="49000", temporary_request="1"),
    )
    assert result.groups == ("dibao",)
    assert result.medical_assistance == D("1000.00")
    assert result.hospital_allowance == D("35.00")
    assert result.temporary == D("1.00")


def test_preview_of_a_person_in_no_poor_group_explains_instead_of_refusing(
    region: Region, township_worker: User
) -> None:
    disabled = adult(township_worker, region.ganlusi, "钱残疾", categories=("disabled",))
    result = claim_preview(person=disabled, data=stay())
    assert result.total == D("0.00")
    assert len(result.explanation) == 1


# --- Cancelling ----------------------------------------------------------------------------


def test_cancel_needs_a_reason_and_happens_once(patient: Person, township_worker: User) -> None:
    claim = record(township_worker, patient)
    for reason in ("", "   "):
        with pytest.raises(ValidationFailed) as refused:
            claim_cancel(acting_user=township_worker, claim=claim, reason=reason)
        assert refused.value.field == "reason"
    with pytest.raises(ValidationFailed):
        claim_cancel(acting_user=township_worker, claim=claim, reason="原因" * 101)
    claim_cancel(acting_user=township_worker, claim=claim, reason="  住院日期 录错 ")
    claim.refresh_from_db()
    assert (claim.status, claim.cancel_reason) == (ClaimStatus.CANCELLED, "住院日期 录错")
    with pytest.raises(ValidationFailed):
        claim_cancel(acting_user=township_worker, claim=claim, reason="再次")
    # The change is in the audit trail.
    logged = LogEntry.objects.get_for_object(claim).filter(action=LogEntry.Action.UPDATE)
    assert logged.count() == 1
    assert "cancelled" in str(logged.get().changes)


# --- Who sees and writes --------------------------------------------------------------------


def test_roster_roles_of_the_subtree_see_the_claim(
    patient: Person,
    township_worker: User,
    county_leader: User,
    prefecture_viewer: User,
    other_township_worker: User,
    school_helper: User,
    county_sysadmin: User,
) -> None:
    claim = record(township_worker, patient)
    for reader in (township_worker, county_leader, prefecture_viewer):
        assert access_claim(reader, claim.pk) == claim
        assert list(claims_visible(reader)) == [claim]
    for outsider in (other_township_worker, school_helper, county_sysadmin):
        with pytest.raises(Http404):
            access_claim(outsider, claim.pk)
        assert not claims_visible(outsider).exists()


def test_only_leaders_and_workers_of_the_person_s_unit_record_and_cancel(
    patient: Person,
    township_worker: User,
    county_leader: User,
    prefecture_viewer: User,
    other_township_worker: User,
    school_helper: User,
) -> None:
    for refused_user in (prefecture_viewer, other_township_worker, school_helper):
        with pytest.raises(PermissionRefused):
            record(refused_user, patient)
    assert not MedicalClaim.objects.exists()
    claim = record(county_leader, patient)  # a leader above the unit may
    for refused_user in (prefecture_viewer, other_township_worker):
        with pytest.raises(PermissionRefused):
            claim_cancel(acting_user=refused_user, claim=claim, reason="不该")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RECORDED


@pytest.mark.parametrize("rows", [1, 50])
def test_the_claims_list_runs_one_query_whatever_its_length(
    region: Region,
    township_worker: User,
    prefecture_viewer: User,
    rows: int,
    django_assert_num_queries: object,
) -> None:
    patient = adult(township_worker, region.ganlusi)
    for n in range(rows):
        day = date(2025, 1, 1).toordinal() + n
        discharged = date.fromordinal(day).isoformat()
        record(township_worker, patient, admitted=discharged, discharged=discharged)
    with django_assert_num_queries(2):  # type: ignore[operator]
        # The viewer's memberships (cached afterwards), then the claims with their persons.
        shown = [
            (c.person.name, c.person.org_unit.name, c.total)
            for c in claims_visible(prefecture_viewer)
        ]
    assert len(shown) == rows
    assert shown[0][:2] == ("王大山", "甘露寺村")
