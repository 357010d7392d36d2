"""The care demo (issue 4): helpers paired with most demo persons, six months of care
records with the summaries teachers and cadres write, risk levels, plans with reviews,
term evaluations, progress entries, pocket-money ledgers, the plans' frequency rules and
the early warnings they lead to.

Drawn from a seeded ``random.Random``; dates count back from the day the demo is loaded,
so the work lists always show this week's due talks. It runs once: when any pairing is on
file it changes nothing. Written with ``bulk_create`` (no signals: django-auditlog records
nothing for demo data, which nobody entered).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from guanai.accounts.models import Membership, Role, User
from guanai.care.models import (
    AssistancePlan,
    CareKind,
    CareRecord,
    CareRecordPerson,
    Grade,
    HelperRole,
    LedgerDirection,
    LedgerEntry,
    Pairing,
    Parent,
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
from guanai.care.rules import seed_default_rules
from guanai.care.warnings import detect
from guanai.core.bulk import gather_statistics
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person, PersonCategory

SEED = 20261129
DAYS = 182  # six months of records
# Helper accounts the demo adds besides the ones in the README (same password).
TEACHERS_PER_SCHOOL = 3
SCHOOL_KEYS = ("luqiao_school", "second_school", "lengqi_school", "xinglong_school")
TOWNSHIP_KEYS = ("luqiao", "lengqi", "xinglong")
VILLAGE_KEYS = ("zanli", "anle", "ganlusi", "tuanjie", "shencun", "hualin")
TEACHER_NAMES = [
    "王芳",
    "刘洋",
    "陈静",
    "杨帆",
    "赵敏",
    "黄磊",
    "周婷",
    "吴刚",
    "徐丽",
    "孙强",
    "马琳",
    "朱红",
]
CADRE_NAMES = ["李建华", "张国强", "何志明", "罗永红", "郑德才", "谢春梅"]
DIRECTOR_NAMES = ["阿依", "拉姆措", "王春花", "杨秀兰", "张桂英", "刘晓燕"]

SUMMARIES: dict[str, list[str]] = {
    CareKind.TALK: [
        "聊了最近的学习，数学作业有进步，鼓励继续保持。",
        "说起想念在外打工的妈妈，情绪有些低落，约好下周再聊。",
        "和同桌闹了点矛盾，帮他分析原因，两人已经和好。",
        "最近睡得晚，提醒按时作息，已告诉奶奶留意。",
        "期中考试前有些紧张，教了几个放松的办法。",
        "主动说起周末帮爷爷干农活，表扬了他的懂事。",
        "上课注意力不集中，约定每天课后一起检查作业。",
    ],
    CareKind.HOME_VISIT: [
        "与奶奶交流孩子在家情况，家里收拾得干净，作业有人督促。",
        "爷爷腿脚不便，孩子承担了部分家务，已请村委会帮忙。",
        "看了孩子的学习角，送去台灯和练习本。",
        "监护人反映孩子周末爱玩手机，商量了使用时间。",
    ],
    CareKind.CONDOLENCE_VISIT: [
        "送去米、油和慰问金，老人身体尚好，叮嘱注意保暖。",
        "助残日走访，了解康复需求，已登记辅具申请。",
        "春节前走访慰问，检查了家中用电用火安全。",
        "了解到近期看病花费较多，已告知医疗救助申请办法。",
    ],
    CareKind.FAMILY_CALL: [
        "孩子与在外打工的父亲通话，说了考试成绩，很开心。",
        "和妈妈视频通话，妈妈答应暑假回来看他。",
        "父母询问了在校情况，叮嘱孩子听老师的话。",
    ],
    CareKind.COUNSELLING: [
        "心理辅导室沙盘游戏，孩子表达了对父母的思念。",
        "做了情绪卡片练习，孩子能说出自己难过的原因。",
    ],
    CareKind.LETTER: ["指导孩子给在外务工的父母写信，已寄出。"],
    CareKind.BIRTHDAY: ["班上为孩子过集体生日，送上贺卡和蛋糕。"],
    CareKind.TUTORING: [
        "讲解数学应用题，孩子能独立完成练习。",
        "辅导语文阅读，一起读完了一篇课文。",
    ],
}
NEEDS = ["", "", "", "需要一套冬季校服", "希望有人辅导英语", "监护人身体不好，需要关注"]


@dataclass
class _Draw:
    rng: random.Random
    today: date
    records: list[tuple[CareRecord, list[Person]]] = field(default_factory=list)

    def day_back(self, days: int) -> date:
        return self.today - timedelta(days=days)


def _accounts(units: dict[str, OrgUnit]) -> dict[str, list[User]]:
    """Create the demo's extra helpers: class teachers, township cadres, village directors."""
    password = make_password("Guanai@2026")
    wanted: list[tuple[str, str, str, Role]] = []
    for s, key in enumerate(SCHOOL_KEYS):
        for n in range(TEACHERS_PER_SCHOOL):
            name = TEACHER_NAMES[(s * TEACHERS_PER_SCHOOL + n) % len(TEACHER_NAMES)]
            wanted.append((f"{key.removesuffix('_school')}_teacher{n + 1}", name, key, Role.WORKER))
    wanted.append(("kindergarten_teacher1", "罗晓梅", "kindergarten", Role.WORKER))
    for t, key in enumerate(TOWNSHIP_KEYS):
        for n in range(2):
            name = CADRE_NAMES[(t * 2 + n) % len(CADRE_NAMES)]
            wanted.append((f"{key}_cadre{n + 1}", name, key, Role.HELPER))
    for v, key in enumerate(VILLAGE_KEYS):
        wanted.append((f"{key}_director", DIRECTOR_NAMES[v], key, Role.HELPER))
    existing = set(
        User.objects.filter(username__in=[w[0] for w in wanted]).values_list("username", flat=True)
    )
    new = [
        User(username=u, full_name=n, password=password, must_change_password=False)
        for u, n, _key, _role in wanted
        if u not in existing
    ]
    User.objects.bulk_create(new)
    users = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
    Membership.objects.bulk_create(
        [
            Membership(user=users[u], org_unit=units[key], role=role)
            for u, _n, key, role in wanted
            if u not in existing
        ]
    )
    by_unit: dict[str, list[User]] = {}
    for u, _n, key, _role in wanted:
        by_unit.setdefault(key, []).append(users[u])
    return by_unit


@transaction.atomic
def demo_care(units: dict[str, OrgUnit]) -> int:
    """Add the care demo unless pairings exist already; return how many records it wrote."""
    if Pairing.objects.exists():
        return 0
    d = _Draw(rng=random.Random(SEED), today=timezone.localdate())  # noqa: S311
    seed_default_rules(units["luding"])
    helpers = _accounts(units)
    named = {
        u.username: u
        for u in User.objects.filter(
            username__in=["teacher", "helper", "volunteer", "principal", "county_leader"]
        )
    }
    helpers["lengqi_school"].insert(0, named["teacher"])  # 张丽 keeps the first classes
    persons = list(
        Person.objects.filter(archived_at__isnull=True)
        .select_related("org_unit", "school")
        .order_by("org_unit__path", "grade", "class_name", "name_sort", "pk")
    )
    categories: dict[int, set[str]] = {}
    for pk, code in PersonCategory.objects.filter(ended_on__isnull=True).values_list(
        "person_id", "category"
    ):
        categories.setdefault(pk, set()).add(code)
    key_of = {u.pk: key for key, u in units.items()}
    # The township of each unit of the county: itself, or its parent.
    township_key = {units[t].pk: t for t in TOWNSHIP_KEYS}
    township_of = {
        u.pk: township_key.get(u.pk) or township_key.get(u.parent_id or 0) for u in units.values()
    }
    classes: dict[int, list[tuple[str, str]]] = {}
    for p in persons:
        if (p.grade, p.class_name) not in classes.setdefault(p.org_unit_id, []):
            classes[p.org_unit_id].append((p.grade, p.class_name))
    pairings: list[Pairing] = []
    helper_of: dict[int, User] = {}
    start = d.day_back(DAYS + 30)
    for n, person in enumerate(persons):
        if n % 33 == 5:
            continue  # a few without a helper: the coverage page shows them
        unit_key = key_of.get(person.org_unit_id, "")
        if unit_key in SCHOOL_KEYS or unit_key == "kindergarten":
            staff = helpers[unit_key]
            index = classes[person.org_unit_id].index((person.grade, person.class_name))
            helper, role = staff[index % len(staff)], HelperRole.CLASS_TEACHER
        elif (
            unit_key in VILLAGE_KEYS
            and person.birth_date
            and person.birth_date.year >= d.today.year - 18
        ):
            helper, role = helpers[unit_key][0], HelperRole.CHILD_DIRECTOR
        else:
            township = township_of.get(person.org_unit_id) or "lengqi"
            helper, role = helpers[township][n % 2], HelperRole.PAIRED_CADRE
        helper_of[person.pk] = helper
        pairings.append(Pairing(person=person, helper=helper, role=role, started_on=start))
        if unit_key == "lengqi_school" and n % 4 == 0:
            pairings.append(
                Pairing(
                    person=person,
                    helper=named["helper"],
                    role=HelperRole.SUBJECT_TEACHER,
                    started_on=start,
                )
            )
        if n % 9 == 0 and unit_key in SCHOOL_KEYS:
            pairings.append(
                Pairing(
                    person=person,
                    buddy_name=f"同学{person.name[0]}小{'明红华军'[n % 4]}",
                    role=HelperRole.STUDY_BUDDY,
                    started_on=start,
                )
            )
        if n % 40 == 3:
            pairings.append(
                Pairing(
                    person=person,
                    helper=named["volunteer"],
                    role=HelperRole.VOLUNTEER,
                    started_on=start,
                )
            )
    # Pairings that ended when a cadre moved on, without a replacement yet: a warning each.
    ended = [p for p in persons if p.pk not in helper_of][:3]
    for person in ended:
        pairings.append(
            Pairing(
                person=person,
                helper=helpers["lengqi"][0],
                role=HelperRole.PAIRED_CADRE,
                started_on=start,
                ended_on=d.day_back(20),
                end_reason="工作调动",
            )
        )
    Pairing.objects.bulk_create(pairings)

    for person in persons:
        author = helper_of.get(person.pk)
        if author is None:
            continue
        codes = categories.get(person.pk, set())
        child = person.school_id is not None or (
            person.birth_date is not None and person.birth_date.year >= d.today.year - 18
        )
        _records_for(d, person, author, codes, child=child)
    records = [r for r, _ in d.records]
    CareRecord.objects.bulk_create(records, batch_size=500)
    CareRecordPerson.objects.bulk_create(
        [
            CareRecordPerson(record=r, person=p, kind=r.kind, occurred_on=r.occurred_on)
            for r, met in d.records
            for p in met
        ],
        batch_size=1000,
    )
    _risk_plans_and_more(d, persons, helper_of, named, categories)
    gather_statistics()  # the care records just written, for the detection's plans
    detect(units["luding"], today=d.today)
    return len(records)


def _records_for(d: _Draw, person: Person, helper: User, codes: set[str], *, child: bool) -> None:
    rng = d.rng
    # (kind, shortest and longest gap in days): talks every two to four weeks, a family
    # call about monthly, cadres' visits to adults about monthly (篇八: 走访慰问).
    if child:
        plan = [(CareKind.TALK, 10, 30)]
        if Category.LEFT_BEHIND in codes and rng.random() < 0.95:
            plan.append((CareKind.FAMILY_CALL, 15, 35))
        if rng.random() < 0.3:
            plan.append((CareKind.HOME_VISIT, 60, 120))
    else:
        plan = [(CareKind.CONDOLENCE_VISIT, 15, 32)]
        if Category.DISABLED in codes or Category.TEKUN in codes:
            plan.append((CareKind.HOME_VISIT, 60, 150))
    low_mood = child and rng.random() < 0.02
    for kind, shortest, longest in plan:
        back = rng.randrange(0, min(longest, 28))
        while back < DAYS:
            on = d.day_back(back)
            mood = (
                rng.choice([2, 3, 4, 4, 5, 5]) if not low_mood or back > 60 else rng.choice([1, 2])
            )
            record = CareRecord(
                kind=kind,
                occurred_on=on,
                author=helper,
                org_unit_id=person.org_unit_id,
                summary=rng.choice(SUMMARIES[kind]),
                needs=rng.choice(NEEDS),
            )
            if kind == CareKind.TALK:
                record.study, record.life, record.friends = (rng.randint(3, 5) for _ in range(3))
                record.mood, record.health = mood, rng.randint(3, 5)
            if kind == CareKind.FAMILY_CALL:
                record.parent = rng.choice([Parent.FATHER, Parent.MOTHER, Parent.BOTH])
                record.minutes = rng.randint(5, 30)
            d.records.append((record, [person]))
            back += rng.randint(shortest, longest)


def _risk_plans_and_more(
    d: _Draw,
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
