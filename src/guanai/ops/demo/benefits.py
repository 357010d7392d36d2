"""The benefits demo (issue 5): a year of approved payment rolls and a dozen medical claims.

For every township of 泸定县 the twelve months before the current one have an approved
roll, made as a clerk makes it — generated and submitted by the township's worker,
approved by the county leader, through the roll services — and the current month's roll
waits as a draft. Before the rolls the demo records what the rules need and a clerk
would have entered: the support mode of every orphan and the type and grade of every
disabled person of the small hand-made roster (the generated roster has them already),
a few one-child-family entitlements (one starting during the year, one ended), and one
local standard: 泸定县 raises the scattered orphans' allowance to ¥650 four months before
the current month, so the rolls show the old and the new amount. Beneficiaries get a
bank account (two left without one, so the roll page's warning shows). Twelve claims of
poor-group patients are recorded through the claim service over the year: leukaemia with
and without surgery, second rounds, temporary assistance, and a patient whose second
stay reaches the ¥50,000 yearly cap.

Drawn from a seeded ``random.Random``; dates count back from the day the demo is loaded,
as the care demo's do. It runs once: when any payment roll is on file it changes nothing.
Accounts and the demo's own details are written in bulk (no audit rows: demo data nobody
entered); standards, entitlements, rolls and claims go through their services.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.accounts.services import user_create
from guanai.benefits import catalogue, claims, entitlements, policies, rolls
from guanai.benefits.models import MedicalClaim, PaymentAccount, PaymentRoll, RollLine
from guanai.core.actors import SYSTEM
from guanai.core.months import add_months
from guanai.ops.demo.benefits_data import (
    ACCOUNTS_MISSING,
    ADULT_AGE,
    APPROVED_MONTHS,
    APPROVER,
    BANK_PREFIX,
    BANKS,
    CLAIMS,
    HOSPITALS,
    LUQIAO_WORKER,
    ONE_CHILD,
    OVERRIDE_AMOUNT,
    OVERRIDE_MONTHS_BACK,
    OVERRIDE_NOTE,
    PATIENTS,
    SEED,
    SHANGHAI,
    TOWNSHIP_KEYS,
    WORKERS,
    ClaimPlan,
)
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Contact, Person, PersonCategory


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@transaction.atomic
def demo_benefits(units: dict[str, OrgUnit]) -> int:
    """Add the benefits demo unless a payment roll exists; return how many rolls it made."""
    if PaymentRoll.objects.exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    this_month = today.replace(day=1)
    users = _users(units)
    _complete_details(rng)
    county = units["luding"]
    policies.policy_rate_add(
        acting_user=users[APPROVER],
        org_unit=county,
        item=catalogue.ORPHAN_SCATTERED,
        effective_from=add_months(this_month, -OVERRIDE_MONTHS_BACK),
        amount=OVERRIDE_AMOUNT,
        note=OVERRIDE_NOTE,
    )
    township_of = _townships(units)
    _one_child_aid(rng, units, users, township_of, this_month)
    made = _rolls(units, users, this_month)
    _claims(rng, users, township_of, today, this_month)
    _payment_accounts(rng, today)
    return made


def _users(units: dict[str, OrgUnit]) -> dict[str, User]:
    """Return the roll makers by username, adding the demo's worker of 泸桥镇."""
    username, full_name = LUQIAO_WORKER
    if not User.objects.filter(username=username).exists():
        user_create(
            acting_user=SYSTEM,
            username=username,
            full_name=full_name,
            password="Guanai@2026",  # noqa: S106 - the demo's shared password
            org_unit=units["luqiao"],
            role=Role.WORKER,
            must_change_password=False,
        )
    wanted = [*WORKERS.values(), APPROVER]
    return {u.username: u for u in User.objects.filter(username__in=wanted)}


def _townships(units: dict[str, OrgUnit]) -> dict[str, str]:
    """Return the township key of each township's path (to find a person's worker)."""
    return {units[key].path: key for key in TOWNSHIP_KEYS}


def _township_key(person: Person, township_of: dict[str, str]) -> str:
    for path, key in township_of.items():
        if person.org_unit.path.startswith(path):
            return key
    return "lengqi"


def _complete_details(rng: random.Random) -> None:
    """Record what the hand-made roster's categories lack and the rules need.

    The 70 persons of ``demo_persons`` were registered without details: their orphans
    get a support mode (one in four centralised) and their disabled persons a type and
    grade, as the civil-affairs clerk would have entered them from the certificates.
    """
    spans = list(
        PersonCategory.objects.filter(
            category__in=[Category.ORPHAN, Category.DISABLED], ended_on__isnull=True
        ).order_by("pk")
    )
    changed: list[PersonCategory] = []
    orphans = 0
    for span in spans:
        details: dict[str, Any] = dict(span.details or {})
        if span.category == Category.ORPHAN and not details.get("support"):
            details["support"] = "centralised" if orphans % 4 == 3 else "scattered"
            orphans += 1
        elif span.category == Category.DISABLED and not (
            details.get("type") and details.get("grade")
        ):
            details.setdefault("type", rng.choice([1, 2, 4, 4, 5, 6, 7]))
            details.setdefault("grade", rng.choice([1, 2, 3, 3, 4, 4]))
        else:
            continue
        span.details = details
        changed.append(span)
    PersonCategory.objects.bulk_update(changed, ["details"], batch_size=500)


def _one_child_aid(
    rng: random.Random,
    units: dict[str, OrgUnit],
    users: dict[str, User],
    township_of: dict[str, str],
    this_month: date,
) -> None:
    """Grant the one-child-family aid to a few parents in the villages."""
    candidates = list(
        Person.objects.filter(
            archived_at__isnull=True,
            org_unit__kind="village",
            birth_date__gte=date(1955, 1, 1),
            birth_date__lte=date(1975, 12, 31),
        )
        .select_related("org_unit")
        .order_by("pk")
    )
    chosen = rng.sample(candidates, min(len(ONE_CHILD), len(candidates)))
    for parent, (quantity, since, until, reason) in zip(chosen, ONE_CHILD, strict=False):
        worker = users[WORKERS[_township_key(parent, township_of)]]
        granted = entitlements.entitlement_grant(
            acting_user=worker,
            person=parent,
            item=catalogue.ONE_CHILD_AID,
            quantity=quantity,
            started_on=add_months(this_month, -since),
            reason=reason,
        )
        if until is not None:
            entitlements.entitlement_end(
                acting_user=worker,
                entitlement=granted,
                ended_on=add_months(this_month, -until) - timedelta(days=1),
            )


def _rolls(units: dict[str, OrgUnit], users: dict[str, User], this_month: date) -> int:
    """Make a year of approved rolls per township, oldest first, and this month's draft.

    Each roll is stamped as made early in its month (generated and submitted on the 3rd,
    approved on the 5th) rather than all at the moment the demo loads.
    """
    leader = users[APPROVER]
    made = 0
    for back in range(APPROVED_MONTHS, 0, -1):
        month = add_months(this_month, -back)
        for key in TOWNSHIP_KEYS:
            worker = users[WORKERS[key]]
            roll = rolls.roll_generate(acting_user=worker, org_unit=units[key], month=month)
            roll = rolls.roll_submit(acting_user=worker, roll=roll, version=roll.version)
            roll = rolls.roll_approve(acting_user=leader, roll=roll, version=roll.version)
            PaymentRoll.objects.filter(pk=roll.pk).update(
                generated_at=_at(month.replace(day=3), 9),
                submitted_at=_at(month.replace(day=3), 16),
                approved_at=_at(month.replace(day=5), 10),
            )
            made += 1
    for key in TOWNSHIP_KEYS:
        rolls.roll_generate(acting_user=users[WORKERS[key]], org_unit=units[key], month=this_month)
        made += 1
    return made


def _patients(rng: random.Random, since: date) -> dict[str, Person]:
    """Choose the claims' patients: current members of a poor group since before the year."""
    chosen: dict[str, Person] = {}
    for key, (category, child) in PATIENTS.items():
        adult_born = date(since.year - ADULT_AGE, 1, 1)
        born = Q(birth_date__gt=adult_born) if child else Q(birth_date__lte=adult_born)
        found = list(
            Person.objects.filter(
                born,
                archived_at__isnull=True,
                categories__category=category,
                categories__ended_on__isnull=True,
                categories__started_on__lte=since,
            )
            .exclude(pk__in=[p.pk for p in chosen.values()])
            .select_related("org_unit")
            .order_by("pk")
            .distinct()[:40]
        )
        if found:  # a county without such a patient (a trimmed demo) records fewer claims
            chosen[key] = rng.choice(found)
    return chosen


def _claims(
    rng: random.Random,
    users: dict[str, User],
    township_of: dict[str, str],
    today: date,
    this_month: date,
) -> None:
    """Record the twelve claims through the claim service, in the order of discharge."""
    start = add_months(this_month, -APPROVED_MONTHS)
    patients = _patients(rng, start)
    # The same-year claims: early this year, or last autumn when this year is too young.
    pair_base = date(today.year, 1, 12) if today.month >= 4 else date(today.year - 1, 9, 12)

    def discharged(plan: ClaimPlan) -> date:
        kind, days = plan.when
        return pair_base + timedelta(days=days) if kind == "pair" else today - timedelta(days=days)

    for plan in sorted(CLAIMS, key=discharged):
        out = discharged(plan)
        person = patients.get(plan.who)
        if person is None:
            continue
        worker = users[WORKERS[_township_key(person, township_of)]]
        claims.claim_record(
            acting_user=worker,
            person=person,
            data={
                "hospital": HOSPITALS[plan.hospital],
                "admitted": (out - timedelta(days=plan.days)).isoformat(),
                "discharged": out.isoformat(),
                "disease": plan.disease,
                "total_cost": plan.total,
                "insurance_paid": plan.insurance,
                "ineligible_cost": plan.ineligible,
                "surgery": plan.surgery,
                "second_round": plan.second_round,
                "temporary_request": plan.temporary,
            },
        )


def _payment_accounts(rng: random.Random, today: date) -> None:
    """Give every person on a roll or a claim a bank account, but two (the page warns).

    A child's benefits are paid to the guardian's account, so the guardian holds it.
    """
    paid = set(RollLine.objects.values_list("person_id", flat=True).distinct())
    paid |= set(MedicalClaim.objects.values_list("person_id", flat=True))
    persons = list(Person.objects.filter(pk__in=paid).order_by("pk"))
    guardians = dict(
        Contact.objects.filter(person_id__in=paid, is_guardian=True)
        .order_by("-pk")
        .values_list("person_id", "name")
    )
    adult_born = date(today.year - ADULT_AGE, today.month, 1)
    # Spread over the list, so the two without an account are on different rolls.
    step = len(persons) // (ACCOUNTS_MISSING + 1)
    missing = {persons[n * step].pk for n in range(1, ACCOUNTS_MISSING + 1)}
    accounts = []
    for person in persons:
        bank = _pick(rng, BANKS)
        if person.pk in missing:
            continue
        child = person.birth_date is not None and person.birth_date > adult_born
        holder = guardians.get(person.pk, person.name) if child else person.name
        number = BANK_PREFIX[bank] + "".join(str(rng.randrange(10)) for _ in range(13))
        accounts.append(
            PaymentAccount(person=person, bank=bank, account_number=number, holder=holder)
        )
    PaymentAccount.objects.bulk_create(accounts, batch_size=500)
