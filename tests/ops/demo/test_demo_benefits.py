"""The benefits demo: a year of approved rolls per township with this month's draft, the
county's higher standard in the months after it took effect, entitlements, accounts and a
dozen explained claims, one reaching the yearly cap."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from guanai.accounts.models import User
from guanai.benefits import rolls
from guanai.benefits.claims import claims_visible
from guanai.benefits.models import (
    ClaimStatus,
    Entitlement,
    MedicalClaim,
    PaymentAccount,
    PaymentRoll,
    PolicyRate,
    RollLine,
    RollStatus,
)
from guanai.ops.demo import demo_build
from guanai.ops.demo.benefits import (
    APPROVED_MONTHS,
    OVERRIDE_AMOUNT,
    OVERRIDE_MONTHS_BACK,
    TOWNSHIP_KEYS,
    add_months,
)
from guanai.orgs.models import OrgUnit

pytestmark = pytest.mark.xdist_group("demo")  # one build for the package (conftest)


@pytest.fixture
def built(demo: dict[str, OrgUnit]) -> dict[str, OrgUnit]:
    return demo


def test_each_township_has_a_year_of_approved_rolls_and_a_draft(
    built: dict[str, OrgUnit],
) -> None:
    this_month = timezone.localdate().replace(day=1)
    year = [add_months(this_month, -back) for back in range(APPROVED_MONTHS, 0, -1)]
    leader = User.objects.get(username="county_leader")
    for key in TOWNSHIP_KEYS:
        unit = built[key]
        found = list(PaymentRoll.objects.filter(org_unit=unit).order_by("month"))
        assert [r.month for r in found] == [*year, this_month]
        assert all(r.status == RollStatus.APPROVED for r in found[:-1])
        assert found[-1].status == RollStatus.DRAFT
        for roll in found[:-1]:
            # Made by the township's worker, approved by the county leader, early in its month.
            assert roll.approved_by == leader and roll.generated_by != leader
            assert roll.approved_at is not None and roll.approved_at.day == 5
            assert roll.approved_at.month == roll.month.month
        for roll in found:
            lines = RollLine.objects.filter(roll=roll)
            assert roll.lines_count == lines.count() > 20
            assert roll.total == lines.aggregate(s=Sum("amount"))["s"] > 0
            assert roll.persons_count == lines.values("person").distinct().count()
            assert not rolls.roll_gaps(roll)  # every orphan has a support mode on file
    # A worker of one township finds their rolls only.
    worker = User.objects.get(username="township_worker")
    assert set(rolls.rolls_visible(worker).values_list("org_unit__name", flat=True)) == {"冷碛镇"}


def test_the_county_standard_pays_from_its_month_on(built: dict[str, OrgUnit]) -> None:
    this_month = timezone.localdate().replace(day=1)
    effective = add_months(this_month, -OVERRIDE_MONTHS_BACK)
    raised = PolicyRate.objects.get()
    assert (raised.org_unit, raised.item, raised.effective_from) == (
        built["luding"],
        "orphan_scattered",
        effective,
    )
    assert raised.amount == OVERRIDE_AMOUNT and raised.note
    rates: dict[bool, set[Decimal]] = defaultdict(set)
    for month, rate, version in RollLine.objects.filter(
        item="orphan_scattered", kind="regular"
    ).values_list("roll__month", "rate", "policy_rate"):
        rates[month >= effective].add(rate)
        assert (version == raised.pk) == (month >= effective)
    assert rates == {False: {Decimal("600.00")}, True: {Decimal("650.00")}}
    # The other items keep the national standard.
    assert set(
        RollLine.objects.filter(item="orphan_centralised").values_list("rate", flat=True)
    ) == {Decimal("1000.00")}


def test_entitlements_accounts_and_claims(built: dict[str, OrgUnit]) -> None:
    this_month = timezone.localdate().replace(day=1)
    first_month = add_months(this_month, -APPROVED_MONTHS)

    def aid_paid(month: date) -> set[int]:
        lines = RollLine.objects.filter(item="one_child_aid", roll__month=month)
        return set(lines.values_list("person_id", flat=True))

    assert Entitlement.objects.count() == 4
    # One entitlement ended during the year, one began: each is on part of the rolls.
    ended = Entitlement.objects.get(ended_on__isnull=False)
    assert ended.person_id in aid_paid(first_month) - aid_paid(this_month)
    began = Entitlement.objects.filter(started_on__gt=first_month).get()
    assert began.person_id in aid_paid(this_month) - aid_paid(first_month)

    paid = set(RollLine.objects.values_list("person_id", flat=True))
    with_account = set(PaymentAccount.objects.values_list("person_id", flat=True))
    assert len(paid - with_account) == 2  # the roll page warns about these two
    account = PaymentAccount.objects.first()
    assert account is not None and account.account_number.isdigit()

    claims = list(MedicalClaim.objects.order_by("discharged", "pk"))
    assert len(claims) == 12
    assert all(c.status == ClaimStatus.RECORDED and len(c.explanation) >= 5 for c in claims)
    assert all(first_month <= c.discharged < timezone.localdate() for c in claims)
    assert sum(c.leukemia for c in claims) == 3
    assert {c.lump_sum for c in claims if c.leukemia} == {
        Decimal("5000.00"),
        Decimal("15000.00"),  # the difference after a first stay without surgery
    }
    assert sum(c.second_round for c in claims) >= 3
    assert all(c.second_assistance > 0 for c in claims if c.second_round)
    # Someone's medical assistance reaches the ¥50,000 cap of a calendar year.
    yearly: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for claim in claims:
        yearly[(claim.person_id, claim.discharged.year)] += claim.medical_assistance
    assert Decimal("50000.00") in yearly.values()
    assert max(yearly.values()) == Decimal("50000.00")
    # A worker of a township sees its persons' claims only.
    worker = User.objects.get(username="township_worker")
    visible = claims_visible(worker)
    assert visible.count() < 12
    assert all(c.person.org_unit.path.startswith(built["lengqi"].path) for c in visible)


def test_the_benefits_demo_runs_once(built: dict[str, OrgUnit]) -> None:
    models = (PaymentRoll, RollLine, MedicalClaim, PaymentAccount, Entitlement, PolicyRate)
    counts = [m.objects.count() for m in models]
    demo_build()
    assert [m.objects.count() for m in models] == counts
