"""The medical-assistance engine (篇八 (四)): every rule with hand-computed cases.

Pure functions: no database. Standards are the national defaults unless a test says
otherwise (70 %, ¥50,000 a year; second round 50 %, ¥20,000 a year; leukaemia ¥20,000 /
¥5,000; ¥17 / ¥7 a day; temporary ¥8,000 a year).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from guanai.benefits import catalogue
from guanai.benefits.medical import (
    MEDICAL_CODES,
    ClaimInput,
    ClaimResult,
    YearSoFar,
    claim_input_clean,
    compute,
    year_so_far_clean,
)
from guanai.benefits.policies import Rate, default_rates
from guanai.core.errors import ValidationFailed

D = Decimal
RATES = default_rates(MEDICAL_CODES)


def claim(**values: Any) -> ClaimInput:
    """A tekun patient: ¥12,000 total, ¥6,000 insurance, ¥1,000 ineligible, 5 days."""
    base = ClaimInput(
        categories=("tekun",),
        total_cost=D("12000.00"),
        insurance_paid=D("6000.00"),
        ineligible_cost=D("1000.00"),
        admitted=date(2025, 3, 1),
        discharged=date(2025, 3, 6),
        leukemia=False,
        surgery=False,
        second_round=False,
        temporary_request=D("0.00"),
    )
    return replace(base, **values)


def run(so_far: YearSoFar | None = None, **values: Any) -> ClaimResult:
    return compute(claim(**values), RATES, so_far or YearSoFar())


def eligible(amount: str) -> dict[str, Any]:
    """Claim values whose eligible out-of-pocket cost is ``amount``."""
    return {"total_cost": D(amount), "insurance_paid": D("0"), "ineligible_cost": D("0")}


# --- Medical assistance: ratio and yearly cap ------------------------------------------------


def test_assistance_is_70_percent_of_the_eligible_out_of_pocket_cost() -> None:
    result = run()
    assert result.eligible_out_of_pocket == D("5000.00")  # 12,000 − 6,000 − 1,000
    assert result.medical_assistance == D("3500.00")  # 5,000 × 70 %


def test_assistance_stops_at_what_is_left_of_the_yearly_cap() -> None:
    assert run(YearSoFar(assistance=D("48000"))).medical_assistance == D("2000.00")
    assert run(YearSoFar(assistance=D("49999.99"))).medical_assistance == D("0.01")
    assert run(YearSoFar(assistance=D("50000"))).medical_assistance == D("0.00")
    # Received more than the cap (a higher local cap before a move): nothing, not negative.
    assert run(YearSoFar(assistance=D("60000"))).medical_assistance == D("0.00")


def test_one_large_claim_is_cut_to_the_cap() -> None:
    result = run(**eligible("100000"))
    assert result.medical_assistance == D("50000.00")  # not 70,000


def test_nothing_eligible_pays_no_assistance() -> None:
    result = run(total_cost=D("7000"), insurance_paid=D("6000"), ineligible_cost=D("1000"))
    assert result.eligible_out_of_pocket == D("0.00")
    assert result.medical_assistance == D("0.00")


@pytest.mark.parametrize(
    ("out_of_pocket", "assistance"),
    [
        ("0.05", "0.04"),  # 0.035 → 0.04
        ("0.15", "0.11"),  # 0.105 → 0.11 (half-even would give 0.10)
        ("0.01", "0.01"),  # 0.007 → 0.01
        ("0.03", "0.02"),  # 0.021 → 0.02
        ("1234.57", "864.20"),  # 864.199 → 864.20
    ],
)
def test_assistance_is_rounded_half_up_to_the_fen(out_of_pocket: str, assistance: str) -> None:
    assert run(**eligible(out_of_pocket)).medical_assistance == D(assistance)


# --- Second round ----------------------------------------------------------------------------


def test_second_round_only_when_ticked() -> None:
    assert run().second_assistance == D("0.00")
    # 5,000 − 3,500 = 1,500 × 50 % = 750
    assert run(second_round=True).second_assistance == D("750.00")


def test_second_round_takes_what_the_capped_first_round_left() -> None:
    # First round capped at 2,000: 5,000 − 2,000 = 3,000 × 50 % = 1,500.
    result = run(YearSoFar(assistance=D("48000")), second_round=True)
    assert (result.medical_assistance, result.second_assistance) == (D("2000.00"), D("1500.00"))


def test_second_round_has_its_own_yearly_cap() -> None:
    assert run(YearSoFar(second=D("19500")), second_round=True).second_assistance == D("500.00")
    assert run(YearSoFar(second=D("20000")), second_round=True).second_assistance == D("0.00")
    # A cap reached on the first round does not touch the second round's.
    result = run(YearSoFar(assistance=D("50000")), second_round=True)
    assert result.second_assistance == D("2500.00")  # 5,000 × 50 %


def test_second_round_is_rounded_half_up() -> None:
    # 0.15 × 70 % = 0.105 → 0.11; 0.15 − 0.11 = 0.04 × 50 % = 0.02.
    # 0.05 × 70 % = 0.035 → 0.04; 0.05 − 0.04 = 0.01 × 50 % = 0.005 → 0.01.
    assert run(second_round=True, **eligible("0.15")).second_assistance == D("0.02")
    assert run(second_round=True, **eligible("0.05")).second_assistance == D("0.01")


# --- Hospital living allowance ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("groups", "admitted", "discharged", "days", "allowance"),
    [
        (("tekun",), date(2025, 3, 1), date(2025, 3, 6), 5, "85.00"),  # 5 × 17
        (("sanwu",), date(2025, 3, 1), date(2025, 3, 6), 5, "85.00"),
        (("dibao",), date(2025, 3, 1), date(2025, 3, 6), 5, "35.00"),  # 5 × 7
        (("orphan",), date(2025, 3, 1), date(2025, 3, 6), 5, "35.00"),
        (("dibao", "sanwu"), date(2025, 3, 1), date(2025, 3, 6), 5, "85.00"),  # the higher
        (("orphan", "dibao"), date(2025, 3, 1), date(2025, 3, 3), 2, "14.00"),
        (("tekun",), date(2025, 3, 1), date(2025, 3, 1), 1, "17.00"),  # same day = 1 day
        (("dibao",), date(2025, 3, 1), date(2025, 3, 1), 1, "7.00"),
        (("tekun",), date(2024, 2, 28), date(2024, 3, 1), 2, "34.00"),  # leap year
        (("tekun",), date(2024, 12, 30), date(2025, 1, 2), 3, "51.00"),  # across the year
    ],
)
def test_hospital_allowance_is_days_times_the_higher_daily_rate(
    groups: tuple[str, ...], admitted: date, discharged: date, days: int, allowance: str
) -> None:
    result = run(categories=groups, admitted=admitted, discharged=discharged)
    assert result.days == days
    assert result.hospital_allowance == D(allowance)


def test_a_raised_low_rate_wins_when_it_is_higher() -> None:
    # A unit raised the ¥7 rate above ¥17: a person who is both dibao and tekun gets it.
    low = catalogue.item(catalogue.HOSPITAL_DAY_LOW)
    rates = {**RATES, low.code: Rate(low, D("20.00"), None)}
    result = compute(claim(categories=("tekun", "dibao")), rates, YearSoFar())
    assert result.hospital_allowance == D("100.00")


# --- Leukaemia lump sum ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surgery", "so_far", "lump_sum"),
    [
        (True, "0", "20000.00"),
        (False, "0", "5000.00"),
        (True, "5000", "15000.00"),  # surgery after a non-surgery claim: the difference
        (False, "5000", "0.00"),  # a second non-surgery claim in the year
        (False, "20000", "0.00"),  # non-surgery after surgery
        (True, "20000", "0.00"),
    ],
)
def test_leukaemia_lump_sum_within_the_yearly_limit(
    surgery: bool, so_far: str, lump_sum: str
) -> None:
    result = run(YearSoFar(lump_sum=D(so_far)), leukemia=True, surgery=surgery)
    assert result.lump_sum == D(lump_sum)


def test_no_lump_sum_for_another_disease_even_with_surgery() -> None:
    assert run(surgery=True).lump_sum == D("0.00")


# --- Temporary living assistance -------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_", "so_far", "temporary"),
    [
        ("3000", "0", "3000.00"),
        ("3000", "6000", "2000.00"),
        ("9000", "0", "8000.00"),
        ("100", "8000", "0.00"),
        ("0", "0", "0.00"),
        ("2000.50", "5999.50", "2000.50"),  # exactly the cap
    ],
)
def test_temporary_assistance_within_8000_a_year(
    request_: str, so_far: str, temporary: str
) -> None:
    result = run(YearSoFar(temporary=D(so_far)), temporary_request=D(request_))
    assert result.temporary == D(temporary)


# --- Total, poor groups only -----------------------------------------------------------------


def test_total_is_the_sum_of_every_amount() -> None:
    result = run(leukemia=True, surgery=True, second_round=True, temporary_request=D("3000"))
    # 3,500 + 750 + 85 + 20,000 + 3,000
    assert result.total == D("27335.00")


@pytest.mark.parametrize("categories", [(), ("disabled",), ("major_illness", "left_behind")])
def test_a_person_in_no_poor_group_gets_nothing_and_is_told_why(
    categories: tuple[str, ...],
) -> None:
    result = run(
        categories=categories,
        leukemia=True,
        surgery=True,
        second_round=True,
        temporary_request=D("3000"),
    )
    assert result.groups == ()
    amounts = (
        result.medical_assistance,
        result.second_assistance,
        result.hospital_allowance,
        result.lump_sum,
        result.temporary,
        result.total,
    )
    assert amounts == (D("0.00"),) * 6
    assert result.eligible_out_of_pocket == D("5000.00")  # still shown
    assert len(result.explanation) == 1
    with translation.override("en"):
        english = run(categories=categories).explanation[0]
    assert english.startswith("Not in a poor group on the discharge date")


# --- Explanations ----------------------------------------------------------------------------


def test_each_amount_has_a_line_with_rule_source_and_numbers() -> None:
    with translation.override("en"):
        result = run(
            YearSoFar(assistance=D("48000")),
            leukemia=True,
            surgery=True,
            second_round=True,
            temporary_request=D("3000"),
        )
    lines = result.explanation
    assert len(lines) == 7  # groups, five amounts, total
    assert lines[0] == "Poor groups on the discharge date: Extremely poor person."
    assert lines[1].startswith(
        "Medical assistance: (total cost ¥12,000.00 − insurance ¥6,000.00 − ineligible "
        "¥1,000.00) = ¥5,000.00 × 70% = ¥3,500.00 (received this year ¥48,000.00, cap "
        "¥50,000.00, left ¥2,000.00 → ¥2,000.00). Standards: ratio, national standard "
        "(Plan 8 (4) 1: up to 70%"
    )
    assert "¥3,000.00 × 50% = ¥1,500.00" in lines[2]
    assert "5 days (2025-03-01 to 2025-03-06, at least 1) × ¥17.00 a day" in lines[3]
    assert "= ¥85.00. Standard: national standard (Plan 8 (4) 3: ¥17 a day)." in lines[3]
    assert lines[4].startswith("Leukaemia lump sum (with surgery): ¥20,000.00 a year")
    assert "asked ¥3,000.00" in lines[5] and "→ ¥3,000.00" in lines[5]
    assert lines[6] == (
        "Total: ¥2,000.00 + ¥1,500.00 + ¥85.00 + ¥20,000.00 + ¥3,000.00 = ¥26,585.00."
    )
    assert result.total == D("26585.00")


def test_explanations_follow_the_language() -> None:
    # The category names come from the (compiled) registry catalogue.
    with translation.override("zh-hans"):
        chinese = run(categories=("dibao",)).explanation
    assert "低保对象" in chinese[0]
    assert "¥5,000.00" in chinese[1]


# --- Reading a claim -------------------------------------------------------------------------


def data(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "categories": ["tekun"],
        "total_cost": "12000",
        "insurance_paid": "6000",
        "ineligible_cost": "1000",
        "admitted": "2025-03-01",
        "discharged": "2025-03-06",
        "disease": "",
        "surgery": False,
    }
    base.update(values)
    return {key: value for key, value in base.items() if value is not ...}


def refused_field(**values: Any) -> str | None:
    with pytest.raises(ValidationFailed) as refused:
        claim_input_clean(data(**values))
    assert str(refused.value.message)
    return refused.value.field


def test_clean_reads_a_claim() -> None:
    cleaned = claim_input_clean(data(temporary_request=3000, second_round=True))
    assert cleaned == claim(temporary_request=D("3000.00"), second_round=True)


@pytest.mark.parametrize(
    ("categories", "codes"),
    [
        (["tekun", "dibao"], ("tekun", "dibao")),
        (["五保户"], ("tekun",)),
        (["特困供养人员", "低保户"], ("tekun", "dibao")),
        (["城镇三无人员"], ("sanwu",)),
        (["孤儿", "残疾人"], ("orphan", "disabled")),
        ("五保户、低保", ("tekun", "dibao")),  # one text, as a spreadsheet cell holds it
        (["TEKUN", " tekun "], ("tekun",)),  # once each
        ([], ()),
        (None, ()),
    ],
)
def test_clean_takes_codes_labels_and_aliases(categories: object, codes: tuple[str, ...]) -> None:
    assert claim_input_clean(data(categories=categories)).categories == codes


def test_clean_refuses_an_unknown_category_listing_the_accepted_ones() -> None:
    with pytest.raises(ValidationFailed) as refused:
        claim_input_clean(data(categories=["tekun", "贫困户"]))
    assert refused.value.field == "categories"
    message = str(refused.value.message)
    assert "贫困户" in message
    for word in ("tekun", "五保户", "dibao", "低保户", "sanwu", "orphan", "孤儿"):
        assert word in message
    assert refused_field(categories=[3]) == "categories"
    assert refused_field(categories={"tekun": 1}) == "categories"


def test_clean_reads_blank_and_missing_amounts_as_zero() -> None:
    cleaned = claim_input_clean(
        data(insurance_paid="", ineligible_cost=..., temporary_request=None)
    )
    assert cleaned.insurance_paid == cleaned.ineligible_cost == D("0.00")
    assert cleaned.temporary_request == D("0.00")


@pytest.mark.parametrize(
    "field", ["total_cost", "insurance_paid", "ineligible_cost", "temporary_request"]
)
@pytest.mark.parametrize("value", ["-1", "abc", "1.234", 12.5, True])
def test_clean_refuses_a_bad_amount_naming_its_field(field: str, value: object) -> None:
    assert refused_field(**{field: value}) == field


def test_clean_refuses_insurance_and_ineligible_above_the_total() -> None:
    assert refused_field(insurance_paid="6000", ineligible_cost="6000.01") == "insurance_paid"
    # Exactly the total is fine: nothing out of pocket.
    cleaned = claim_input_clean(data(insurance_paid="6000", ineligible_cost="6000"))
    assert cleaned.total_cost == D("12000.00")


def test_clean_refuses_bad_dates() -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert refused_field(admitted="2025-03-07") == "discharged"  # discharge before admission
    assert refused_field(discharged=f"{tomorrow:%Y-%m-%d}") == "discharged"
    assert refused_field(admitted=..., discharged=...) == "admitted"
    assert refused_field(discharged="") == "discharged"
    assert refused_field(admitted="2025-02-30") == "admitted"
    assert refused_field(admitted="yesterday") == "admitted"
    assert refused_field(admitted=45000) == "admitted"  # not an Excel serial
    assert refused_field(admitted="1925-03-01") == "admitted"  # a typo of the year
    today = timezone.localdate()
    cleaned = claim_input_clean(data(admitted=today, discharged=f"{today:%Y-%m-%d}"))
    assert cleaned.discharged == today  # discharged today is fine


@pytest.mark.parametrize(
    ("disease", "leukemia"),
    [
        ("leukemia", True),
        ("Leukaemia", True),
        ("白血病", True),
        ("急性淋巴细胞白血病", True),
        ("", False),
        ("肺炎", False),
        (None, False),
    ],
)
def test_clean_sets_leukaemia_from_the_disease(disease: object, leukemia: bool) -> None:
    assert claim_input_clean(data(disease=disease)).leukemia is leukemia


def test_clean_refuses_a_bad_disease() -> None:
    assert refused_field(disease=1) == "disease"
    assert refused_field(disease="病" * 101) == "disease"


@pytest.mark.parametrize(
    ("value", "flag"),
    [(True, True), (False, False), (None, False), ("on", True), ("true", True), ("", False)],
)
def test_clean_reads_surgery_as_yes_or_no(value: object, flag: bool) -> None:
    assert claim_input_clean(data(surgery=value)).surgery is flag


@pytest.mark.parametrize("value", ["maybe", 2, 1.0, ["yes"]])
def test_clean_refuses_a_surgery_that_is_not_yes_or_no(value: object) -> None:
    assert refused_field(surgery=value) == "surgery"
    assert refused_field(second_round=value) == "second_round"


def test_second_round_is_not_asked_unless_given() -> None:
    assert claim_input_clean(data()).second_round is False


def test_year_so_far_is_read_from_its_fields() -> None:
    so_far = year_so_far_clean(
        {
            "year_assistance_so_far": "48000",
            "year_second_so_far": 100,
            "year_lump_sum_so_far": D("5000"),
        }
    )
    assert so_far == YearSoFar(assistance=D("48000"), second=D("100"), lump_sum=D("5000"))
    with pytest.raises(ValidationFailed) as refused:
        year_so_far_clean({"year_temporary_so_far": "-1"})
    assert refused.value.field == "year_temporary_so_far"


# --- Properties ------------------------------------------------------------------------------

fen = st.integers(min_value=0, max_value=20_000_000).map(lambda n: D(n) / 100)
ratio = st.integers(min_value=0, max_value=10_000).map(lambda n: D(n) / 10_000)


def _rate(code: str, amount: Decimal) -> Rate:
    return Rate(catalogue.item(code), amount, None)


@st.composite
def cases(draw: st.DrawFn) -> tuple[ClaimInput, dict[str, Rate], YearSoFar]:
    total = draw(fen)
    insurance = draw(st.integers(0, int(total * 100)).map(lambda n: D(n) / 100))
    ineligible = draw(st.integers(0, int((total - insurance) * 100)).map(lambda n: D(n) / 100))
    admitted = draw(st.dates(date(2020, 1, 1), date(2025, 12, 31)))
    entry = ClaimInput(
        categories=tuple(
            draw(st.lists(st.sampled_from(["tekun", "sanwu", "dibao", "orphan", "disabled"])))
        ),
        total_cost=total,
        insurance_paid=insurance,
        ineligible_cost=ineligible,
        admitted=admitted,
        discharged=admitted + timedelta(days=draw(st.integers(0, 400))),
        leukemia=draw(st.booleans()),
        surgery=draw(st.booleans()),
        second_round=draw(st.booleans()),
        temporary_request=draw(fen),
    )
    rates = {
        **RATES,
        catalogue.MEDICAL_RATIO: _rate(catalogue.MEDICAL_RATIO, draw(ratio)),
        catalogue.SECOND_RATIO: _rate(catalogue.SECOND_RATIO, draw(ratio)),
        catalogue.MEDICAL_CAP: _rate(catalogue.MEDICAL_CAP, draw(fen)),
        catalogue.SECOND_CAP: _rate(catalogue.SECOND_CAP, draw(fen)),
        catalogue.TEMPORARY_CAP: _rate(catalogue.TEMPORARY_CAP, draw(fen)),
    }
    so_far = YearSoFar(
        assistance=draw(fen), second=draw(fen), lump_sum=draw(fen), temporary=draw(fen)
    )
    return entry, rates, so_far


@settings(max_examples=300, deadline=None)
@given(cases())
def test_amounts_never_exceed_caps_or_costs_and_are_never_negative(
    case: tuple[ClaimInput, dict[str, Rate], YearSoFar],
) -> None:
    entry, rates, so_far = case
    result = compute(entry, rates, so_far)
    out_of_pocket = entry.total_cost - entry.insurance_paid - entry.ineligible_cost
    assert result.eligible_out_of_pocket == out_of_pocket
    cap_left = max(D(0), rates[catalogue.MEDICAL_CAP].amount - so_far.assistance)
    assert D(0) <= result.medical_assistance <= min(cap_left, out_of_pocket)
    second_left = max(D(0), rates[catalogue.SECOND_CAP].amount - so_far.second)
    assert D(0) <= result.second_assistance <= second_left
    assert result.medical_assistance + result.second_assistance <= out_of_pocket
    if not entry.second_round:
        assert result.second_assistance == 0
    temporary_left = max(D(0), rates[catalogue.TEMPORARY_CAP].amount - so_far.temporary)
    assert D(0) <= result.temporary <= min(entry.temporary_request, temporary_left)
    assert result.lump_sum >= 0
    assert result.lump_sum <= rates[catalogue.LEUKEMIA_SURGERY].amount
    assert result.hospital_allowance >= 0
    assert result.total == (
        result.medical_assistance
        + result.second_assistance
        + result.hospital_allowance
        + result.lump_sum
        + result.temporary
    )
    for amount in (result.medical_assistance, result.second_assistance, result.total):
        assert amount == amount.quantize(D("0.01"))
    if not set(entry.categories) & {"tekun", "sanwu", "dibao", "orphan"}:
        assert result.total == 0
