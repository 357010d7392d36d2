"""The care demo's risk levels, assistance plans with reviews, term evaluations, progress
entries and pocket-money ledgers, drawn for the persons the care demo paired."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from guanai.accounts.models import User
from guanai.care.models import (
    AssistancePlan,
    Grade,
    HelperRole,
    LedgerDirection,
    LedgerEntry,
    Pairing,
    PlanDomain,
    PlanProgress,
    PlanReview,
    PlanStatus,
    PocketMoneyAccount,
    ProgressEntry,
    ProgressKind,
    RiskAssessment,
    RiskDecision,
    RiskLevel,
    TermEvaluation,
)
from guanai.ops.demo.care_data import DAYS, CareDraw
from guanai.registry.models import Category, Person


def risk_plans_and_more(
    d: CareDraw,
    persons: list[Person],
    helper_of: dict[int, User],
    named: dict[str, User],
    categories: dict[int, set[str]],
) -> None:
    rng = d.rng
    now = timezone.now()
    leader = named["county_leader"]
    paired = [p for p in persons if p.pk in helper_of]
    risks, plans, reviews = [], [], []
    for n, person in enumerate(paired):
        if n % 50 == 7:
            risks.append(
                RiskAssessment(
                    person=person,
                    level=RiskLevel.HIGH,
                    reason="父母长期在外，近期情绪波动大，成绩明显下滑",
                    set_by=helper_of[person.pk],
                    confirmed_by=leader,
                    confirmed_at=now,
                    decision=RiskDecision.CONFIRMED,
                    current=True,
                )
            )
        elif n % 50 == 21:
            risks.append(
                RiskAssessment(
                    person=person,
                    level=RiskLevel.MEDIUM,
                    reason="监护人年老体弱，照料不足",
                    set_by=helper_of[person.pk],
                )
            )
        if n % 20 == 4:
            starts = d.day_back(rng.randrange(60, 150))
            late = n % 100 == 24
            plan = AssistancePlan(
                person=person,
                domain=rng.choice(list(PlanDomain)),
                goals="本学期数学成绩提高到及格以上；每周主动与老师交流一次。",
                measures="每周二、四课后辅导 30 分钟；每两周家访或电话联系监护人一次。",
                phase_targets="第一个月：按时完成作业；第二个月：单元测验 60 分以上。",
                starts_on=starts,
                ends_on=d.day_back(5) if late else starts + timedelta(days=200),
                responsible=helper_of[person.pk],
                status=PlanStatus.ACTIVE,
                approved_by=leader,
                approved_at=now,
                created_by=helper_of[person.pk],
            )
            plans.append(plan)
            if not late:
                reviews.append(
                    PlanReview(
                        plan=plan,
                        reviewed_on=starts + timedelta(days=30),
                        progress=PlanProgress.ON_TRACK,
                        notes="作业完成情况明显好转。",
                        next_step="继续课后辅导，增加阅读。",
                        author=helper_of[person.pk],
                    )
                )
        elif n % 97 == 11:
            plans.append(
                AssistancePlan(
                    person=person,
                    domain=PlanDomain.PSYCHOLOGY,
                    goals="帮助孩子适应父母外出后的生活，减少孤独感。",
                    measures="每周一次谈心；每月组织一次亲情视频通话。",
                    starts_on=d.today,
                    ends_on=d.today + timedelta(days=120),
                    responsible=helper_of[person.pk],
                    created_by=helper_of[person.pk],
                )
            )
    RiskAssessment.objects.bulk_create(risks)
    AssistancePlan.objects.bulk_create(plans)
    PlanReview.objects.bulk_create(reviews)

    teacher = named["teacher"]
    mine = [p for p in paired if helper_of[p.pk] == teacher and p.school_id]
    year = d.today.year if d.today.month >= 9 else d.today.year - 1
    term = f"{year - 1}-{year}-2"  # the spring term just past
    grades = list(Grade)
    TermEvaluation.objects.bulk_create(
        [
            TermEvaluation(
                person=p,
                term=term,
                conduct=rng.choice(grades[:3]),
                study=rng.choice(grades),
                life_skills=rng.choice(grades[:3]),
                mental_state=rng.choice(grades[:3]),
                comment="学习态度端正，乐于助人，希望下学期更加自信。",
                author=teacher,
                written_on=date(year, 7, 5),
            )
            for p in mine
        ]
    )
    ProgressEntry.objects.bulk_create(
        [
            ProgressEntry(
                person=p,
                kind=ProgressKind.AWARD if i % 2 else ProgressKind.MARK,
                on=d.day_back(rng.randrange(10, 120)),
                title="校级“进步之星”" if i % 2 else "数学期中考试 82 分",
                detail="",
                author=teacher,
            )
            for i, p in enumerate(mine[:12])
        ]
    )
    # Pocket money kept by 张丽 as surrogate parent of a few boarders.
    surrogate = [p for p in mine if Category.LEFT_BEHIND in categories.get(p.pk, set())][:4]
    Pairing.objects.bulk_create(
        [
            Pairing(
                person=p,
                helper=teacher,
                role=HelperRole.SURROGATE_PARENT,
                started_on=d.day_back(DAYS),
            )
            for p in surrogate
        ]
    )
    for p in surrogate:
        balance = Decimal("0")
        entries = []
        for month in range(5, -1, -1):
            on = d.day_back(30 * month + 3)
            balance += Decimal("200.00")
            entries.append(
                LedgerEntry(
                    direction=LedgerDirection.DEPOSIT,
                    on=on,
                    amount=Decimal("200.00"),
                    what="父亲微信转账",
                    balance_after=balance,
                    author=teacher,
                )
            )
            for what, amount in (("文具", "18.50"), ("早餐", "60.00"), ("理发", "15.00")):
                balance -= Decimal(amount)
                entries.append(
                    LedgerEntry(
                        direction=LedgerDirection.SPENDING,
                        on=on + timedelta(days=1),
                        amount=Decimal(amount),
                        what=what,
                        balance_after=balance,
                        author=teacher,
                    )
                )
        account = PocketMoneyAccount.objects.create(
            person=p,
            keeper=teacher,
            monthly_quota=Decimal("100.00"),
            balance=balance,
            opened_on=d.day_back(DAYS),
        )
        for e in entries:
            e.account = account
        LedgerEntry.objects.bulk_create(entries)
