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

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from guanai.accounts.models import Membership, Role, User
from guanai.care.models import (
    CareKind,
    CareRecord,
    CareRecordPerson,
    HelperRole,
    Pairing,
    Parent,
)
from guanai.care.rules import seed_default_rules
from guanai.care.warnings import detect
from guanai.core.bulk import gather_statistics
from guanai.ops.demo.care_data import (
    CADRE_NAMES,
    DAYS,
    DIRECTOR_NAMES,
    NEEDS,
    SCHOOL_KEYS,
    SEED,
    SUMMARIES,
    TEACHER_NAMES,
    TEACHERS_PER_SCHOOL,
    TOWNSHIP_KEYS,
    VILLAGE_KEYS,
    CareDraw,
)
from guanai.ops.demo.care_plans import risk_plans_and_more
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person, PersonCategory


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
    d = CareDraw(rng=random.Random(SEED), today=timezone.localdate())  # noqa: S311
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
    risk_plans_and_more(d, persons, helper_of, named, categories)
    gather_statistics()  # the care records just written, for the detection's plans
    detect(units["luding"], today=d.today)
    return len(records)


def _records_for(
    d: CareDraw, person: Person, helper: User, codes: set[str], *, child: bool
) -> None:
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
