"""The care demo: pairings for most persons, six months of records, plans, ledgers, warnings,
and a class teacher whose work list has talks due this week."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

from guanai.accounts.models import User
from guanai.care import worklist
from guanai.care.models import (
    AssistancePlan,
    CareRecord,
    CareRecordPerson,
    CareWarning,
    FrequencyRule,
    LedgerDirection,
    LedgerEntry,
    Pairing,
    PlanStatus,
    PocketMoneyAccount,
    RiskAssessment,
)
from guanai.ops.demo import demo_build
from guanai.registry.models import Person

pytestmark = pytest.mark.xdist_group("demo")  # one build for the package (conftest)


@pytest.mark.usefixtures("demo")
def test_most_persons_have_a_helper_and_six_months_of_care() -> None:
    active = Person.objects.filter(archived_at__isnull=True)
    paired = active.filter(pairings__ended_on__isnull=True).distinct().count()
    assert 0.9 * active.count() <= paired < active.count()  # a few without: coverage shows
    today = timezone.localdate()
    span = CareRecord.objects.aggregate(first=Min("occurred_on"), last=Max("occurred_on"))
    assert span["last"] <= today
    assert today - span["first"] >= timedelta(days=150)
    assert CareRecord.objects.count() > 10 * paired
    # Each record names its persons, with kind and date copied for the work lists.
    assert CareRecordPerson.objects.count() == CareRecord.objects.count()
    kinds = dict(CareRecord.objects.values_list("kind").annotate(n=Count("pk")))
    assert {"talk", "family_call", "condolence_visit", "home_visit"} <= set(kinds)
    assert CareRecord.objects.filter(summary__contains="。").count() == CareRecord.objects.count()


@pytest.mark.usefixtures("demo")
def test_rules_plans_risk_and_warnings_are_there() -> None:
    assert FrequencyRule.objects.filter(code__isnull=False).count() >= 5
    assert AssistancePlan.objects.filter(status=PlanStatus.ACTIVE).count() > 20
    assert AssistancePlan.objects.filter(status=PlanStatus.DRAFT).exists()  # to approve
    assert RiskAssessment.objects.filter(current=True, level="high").exists()
    assert RiskAssessment.objects.filter(decision="").exists()  # waiting for a leader
    kinds = set(CareWarning.objects.values_list("kind", flat=True))
    assert {"no_care", "plan_unreviewed", "pairing_gap"} <= kinds


@pytest.mark.usefixtures("demo")
def test_ledgers_balance_with_their_entries() -> None:
    accounts = PocketMoneyAccount.objects.all()
    assert accounts.exists()
    for account in accounts:
        sums = dict(
            LedgerEntry.objects.filter(account=account)
            .values_list("direction")
            .annotate(total=Sum("amount"))
        )
        expected = sums[LedgerDirection.DEPOSIT] - sums[LedgerDirection.SPENDING]
        assert account.balance == expected >= 0
        last = LedgerEntry.objects.filter(account=account).order_by("-on", "-pk").first()
        assert last is not None and last.balance_after == account.balance
        assert last.on <= timezone.localdate()


@pytest.mark.usefixtures("demo")
def test_the_class_teacher_has_talks_due_this_week() -> None:
    teacher = User.objects.get(username="teacher")
    assert Pairing.objects.filter(helper=teacher, ended_on__isnull=True).count() > 30
    page = worklist.worklist(teacher, page_size=200)
    statuses = {item.status for row in page.rows for item in row.items}
    assert "due" in statuses or "overdue" in statuses
    assert "done" in statuses


@pytest.mark.usefixtures("demo")
def test_the_care_demo_runs_once() -> None:
    counts = [m.objects.count() for m in (Pairing, CareRecord, AssistancePlan, CareWarning)]
    demo_build()
    assert [m.objects.count() for m in (Pairing, CareRecord, AssistancePlan, CareWarning)] == (
        counts
    )
