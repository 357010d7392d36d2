"""The medical-assistance engine (篇八 (四)): what a poor-group patient gets for a stay.

This module is pure: it reads a claim (``claim_input_clean``), takes the standards that
apply (``policies.rates_for`` or ``policies.default_rates``) and what the person already
received this calendar year (``YearSoFar``), and returns every amount with a line of
explanation (``compute``). It reads and writes no table; ``claims.py`` records claims and
``guanai medical-calc`` prints the result of one. ``claim`` reads a claim; ``rules`` holds
one function per rule below, in this order, and ``compute``.

The rules, in the order they are applied:

* Eligible out-of-pocket cost = total cost − paid by insurance − ineligible items.
* Rehabilitation of orphaned and disabled children (篇八 (一) 5: 孤残儿童康复治疗，医疗费用
  全额救助; 明天计划, 重生行动): when the stay is rehabilitation treatment or a surgery
  rehabilitation project and the patient is an orphan or a disabled person under 18 on
  admission, relief = its ratio (100 %) × eligible out-of-pocket, with no yearly cap. It
  does not count toward the caps of the other items.
* Only the poor groups (``catalogue.POOR_GROUPS``: extremely poor, three-no, minimum
  living guarantee, orphan) get the other items (篇八 (四): 困难群体中的重大疾病患者). Anyone
  else gets ¥0 for them (and for everything without the child relief above), and the
  explanation says why.
* Medical assistance = ratio (70 %) × (eligible out-of-pocket − child relief), rounded half
  up to the fen, then cut to what is left of the yearly cap (¥50,000) after this year's
  earlier claims. With the relief in full there is nothing left for it to pay.
* Second round (二次救助), only when the clerk ticks it (the patient is still in great
  difficulty): second ratio × (eligible out-of-pocket − medical assistance), within the
  second round's own yearly cap.
* Hospital living allowance = days × daily rate. Days = discharge − admission, at least 1
  (a same-day stay is one day). The rate is the higher one of the person's groups (¥17 for
  three-no and extremely poor persons, ¥7 for the others; a unit may raise either).
* Leukaemia lump sum: ¥20,000 when treated with surgery, ¥5,000 without, at most that much
  per person and calendar year: a surgery claim after a non-surgery one in the same year
  gets the difference, a second non-surgery claim gets nothing.
* Temporary living assistance = the amount asked, within the yearly cap (¥8,000).
* Total = the sum of the six amounts.

Caps count the calendar year of the discharge date. Every amount is ``Decimal`` yuan
rounded half up to the fen (``money.round_fen``); a cap never makes an amount negative.
"""

from guanai.benefits.medical.claim import (
    AMOUNT_FIELDS,
    DISEASE_LENGTH,
    LEUKEMIA_WORDS,
    MEDICAL_CODES,
    SO_FAR_FIELDS,
    ClaimInput,
    ClaimResult,
    YearSoFar,
    categories_clean,
    claim_input_clean,
    disease_clean,
    flag_clean,
    is_leukemia,
    year_so_far_clean,
)
from guanai.benefits.medical.rules import (
    Ruled,
    child_rehabilitation,
    child_rehabilitation_groups,
    compute,
    eligible_out_of_pocket,
    hospital_allowance,
    hospital_days,
    leukaemia_lump_sum,
    medical_assistance,
    not_eligible,
    poor_groups,
    second_round,
    temporary_assistance,
    total,
)

__all__ = [
    "AMOUNT_FIELDS",
    "DISEASE_LENGTH",
    "LEUKEMIA_WORDS",
    "MEDICAL_CODES",
    "SO_FAR_FIELDS",
    "ClaimInput",
    "ClaimResult",
    "Ruled",
    "YearSoFar",
    "categories_clean",
    "child_rehabilitation",
    "child_rehabilitation_groups",
    "claim_input_clean",
    "compute",
    "disease_clean",
    "eligible_out_of_pocket",
    "flag_clean",
    "hospital_allowance",
    "hospital_days",
    "is_leukemia",
    "leukaemia_lump_sum",
    "medical_assistance",
    "not_eligible",
    "poor_groups",
    "second_round",
    "temporary_assistance",
    "total",
    "year_so_far_clean",
]
