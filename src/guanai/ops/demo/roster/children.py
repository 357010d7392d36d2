"""The demo roster's children: their families, schools, grades, guardians and consents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from guanai.ops.demo.roster.draw import Draft, Family, RosterDraw, Span, age, stage_start
from guanai.ops.demo.roster.shape import (
    AS_OF,
    CHILD_DISABILITY,
    CHILD_DISEASES,
    CONSENT_PURPOSE,
    HOME_VILLAGES,
    KINDERGARTEN_GRADES,
    KINDERGARTEN_PURPOSE,
    SCHOOLS,
    TOWN_SCHOOLS,
    UNSUPPORTED_REASONS,
    WORK_PLACES,
)
from guanai.orgs.models import OrgUnit
from guanai.registry.models import CONSENT_AGE, Category, ContactKind, Health, SchoolingStatus


def household(d: RosterDraw, kind: str, village_key: str) -> Family:
    """Draw a child's family of ``kind``: its categories, guardian, parents, neighbour."""
    family = d.family(village_key, migrant=kind == "migrant")
    home = family.address
    if kind == "left_behind":
        away = d.pick({"both": 65, "father": 25, "mother": 10})
        since = d.day(date(2016, 1, 1), date(2025, 8, 31))
        place = d.pick(WORK_PLACES)
        # One family in ten last called long ago (the warning list shows them), and
        # some guardianships are not assessed yet.
        quiet = d.rng.randrange(61, 150) if d.chance(0.1) else 0
        last_call = AS_OF - timedelta(days=quiet)
        called = d.day(last_call - timedelta(days=30), last_call)
        details = {
            "away": away,
            "away_at": place,
            "since": since.isoformat(),
            "last_contact": called.isoformat(),
        }
        if d.chance(0.85):
            details["guardianship"] = d.pick({"good": 60, "fair": 30, "poor": 10})
            assessed = d.day(max(since, date(2025, 9, 1)), AS_OF)
            details["guardianship_assessed_on"] = assessed.isoformat()
        note = ""
        for relation, who in (("父亲", "father"), ("母亲", "mother")):
            if away in ("both", who):
                d.add_contact(family, ContactKind.PARENT, relation, works_away_at=place)
        if away != "both":
            # A child is left behind when one parent works away only if the other
            # cannot look after them: gone (a single-parent child) or unable to.
            other = "母亲" if away == "father" else "父亲"
            if d.chance(0.5):
                reason = d.rng.choice(["父母离异", f"{other}去世"])
                family.spans.append(Span(Category.SINGLE_PARENT, since, note=reason))
            else:
                note = f"{other}长期患病，无监护能力"
                d.add_contact(family, ContactKind.PARENT, other, address=home)
        family.spans.insert(0, Span(Category.LEFT_BEHIND, since, details, note))
        relation = d.pick(
            {"祖母": 35, "祖父": 20, "外祖母": 15, "外祖父": 5, "伯父": 5, "叔叔": 6}
            | {"姑姑": 5, "舅舅": 4, "姨妈": 3, "哥哥": 2}
        )
        d.add_contact(family, ContactKind.GUARDIAN, relation, guardian=True, address=home)
        if d.chance(0.25):
            name = d.name(family.ethnicity, d.chance(0.5), "adult")
            d.add_contact(family, ContactKind.NEIGHBOUR, "邻居", name=name, address=home)
        if d.chance(0.12):
            d.dibao(family)
    elif kind == "migrant":
        note = f"随父母在泸定务工，户籍{family.hukou}"
        family.spans.append(Span(Category.MIGRANT_CHILD, date(2019, 9, 1), note=note))
        first, second = d.rng.sample(["父亲", "母亲"], 2)
        d.add_contact(family, ContactKind.GUARDIAN, first, guardian=True, address=home)
        d.add_contact(family, ContactKind.PARENT, second, address=home)
    elif kind == "single_parent":
        parent = d.pick({"母亲": 65, "父亲": 35})
        other = "父亲" if parent == "母亲" else "母亲"
        reason = d.pick({"父母离异": 60, f"{other}去世": 30, f"{other}离家出走": 10})
        family.spans.append(Span(Category.SINGLE_PARENT, date(2019, 9, 1), note=reason))
        d.add_contact(family, ContactKind.GUARDIAN, parent, guardian=True, address=home)
        if d.chance(0.25):
            d.dibao(family)
    elif kind == "orphan":
        support = d.pick({"centralised": 20, "scattered": 80})
        if support == "centralised":
            placement = "institution"
            d.add_contact(
                family,
                ContactKind.GUARDIAN,
                "机构监护",
                guardian=True,
                name="甘孜州儿童福利院",
                phone=f"0836-28{d.rng.randrange(10**5):05d}",
            )
        else:
            placement = d.pick({"kinship": 80, "foster": 15, "adoption": 5})
            relation = {
                "kinship": d.rng.choice(["祖母", "祖父", "伯父", "舅舅", "姑姑"]),
                "foster": "寄养家长",
                "adoption": d.rng.choice(["养父", "养母"]),
            }[placement]
            male = relation == "养父" or (relation == "寄养家长" and d.chance(0.4))
            name = "" if placement == "kinship" else d.name(family.ethnicity, male, "adult")
            d.add_contact(
                family, ContactKind.GUARDIAN, relation, guardian=True, name=name, address=home
            )
        details = {"support": support, "placement": placement}
        family.spans.append(Span(Category.ORPHAN, date(2019, 9, 1), details))
    elif kind == "unsupported":
        note = d.rng.choice(UNSUPPORTED_REASONS)
        family.spans.append(Span(Category.UNSUPPORTED_CHILD, date(2019, 9, 1), note=note))
        relation = d.rng.choice(["祖母", "祖父", "外祖母", "伯父", "姑姑", "舅舅"])
        d.add_contact(family, ContactKind.GUARDIAN, relation, guardian=True, address=home)
    else:  # a low-income household, or a disabled child's family
        first, second = d.rng.sample(["父亲", "母亲"], 2)
        d.add_contact(family, ContactKind.GUARDIAN, first, guardian=True, address=home)
        if d.chance(0.6):
            d.add_contact(family, ContactKind.PARENT, second, address=home)
        if kind == "dibao" or d.chance(0.3):
            d.dibao(family)
        if kind == "dibao" and d.chance(0.15):
            # The parents worked away once and came home: the old span stays on file.
            since = d.day(date(2017, 1, 1), date(2021, 12, 31))
            details = {"away": "both", "away_at": d.pick(WORK_PLACES)}
            back = d.day(date(2022, 3, 1), date(2025, 12, 31))
            details["since"] = since.isoformat()
            family.spans.append(Span(Category.LEFT_BEHIND, since, details, "父母返乡", back))
    return family


def child(
    d: RosterDraw,
    unit: OrgUnit,
    family: Family,
    kind: str,
    grade: int,
    *,
    school: OrgUnit | None,
    classes: int,
    rural: bool,
    status: str = SchoolingStatus.IN_SCHOOL,
) -> Draft:
    """Keep one child of ``family`` in ``grade`` (-2 小班 … 6; 7–9 is middle school)."""
    male = d.chance(0.52)
    birth = d.birth(grade, late=grade > 0 and d.chance(0.05))
    spans = list(family.spans)
    health: str = Health.HEALTHY
    if kind == "disabled" or (kind == "left_behind" and d.chance(0.03)):
        span, health = d.disability(CHILD_DISABILITY)
        spans.append(span)
    if kind == "dibao" and d.chance(0.05):
        details = {"disease": d.rng.choice(CHILD_DISEASES)}
        details["diagnosed_on"] = d.day(birth, AS_OF).isoformat()
        spans.append(Span(Category.MAJOR_ILLNESS, birth, details))
        health = Health.ILL
    in_school = status == SchoolingStatus.IN_SCHOOL
    note = ""
    if grade >= 7 and in_school:
        note = "在泸定中学就读"
    elif status == SchoolingStatus.DROPPED_OUT:
        note = "已辍学，控辍保学劝返中"
    person = d.person(
        unit,
        region=family.region,
        birth=birth,
        male=male,
        ethnicity=family.ethnicity,
        name=d.name(family.ethnicity, male, "child", family.surname),
        hukou_place=family.hukou,
        address=family.address,
        village=family.village,
        school=school,
        grade=KINDERGARTEN_GRADES.get(grade, f"{grade}年级"),
        class_name=f"{d.rng.randrange(1, classes + 1)}班" if classes else "",
        # The middle schools and the rural primary schools board pupils from far villages.
        boarding=in_school and (grade >= 7 or (rural and grade >= 3 and d.chance(0.3))),
        schooling_status=status,
        schooling_since=stage_start(grade) if in_school else d.day(date(2025, 9, 1), AS_OF),
        health=health,
        note=note,
    )
    consent = None
    if age(birth, AS_OF) < CONSENT_AGE and d.chance(0.92):
        purpose = KINDERGARTEN_PURPOSE if grade <= 0 else CONSENT_PURPOSE
        consent = (*family.guardian, purpose)
    return d.file(person, spans, family.contacts, consent=consent)


def pupils(
    d: RosterDraw,
    key: str,
    count: int,
    mix: dict[str, int],
    grades: Sequence[int],
    *,
    classes: int = 0,
    status: str = SchoolingStatus.IN_SCHOOL,
) -> list[Draft]:
    """Keep ``count`` children of the unit ``key``; some families have two of them.

    The children of a school or kindergarten live in its township's villages; those
    of a village (middle-school age, off the demo tree) are on the village's roster.
    """
    unit = d.units[key]
    school = unit if key in HOME_VILLAGES else None
    rural = key in SCHOOLS and key not in TOWN_SCHOOLS
    made: list[Draft] = []
    while len(made) < count:
        kind = d.pick(mix)
        family = household(d, kind, d.rng.choice(HOME_VILLAGES.get(key, (key,))))
        siblings = 2 if kind != "disabled" and d.chance(0.15) else 1
        for grade in d.rng.sample(grades, min(siblings, len(grades), count - len(made))):
            made.append(
                child(
                    d,
                    unit,
                    family,
                    kind,
                    grade,
                    school=school,
                    classes=classes,
                    rural=rural,
                    status=status,
                )
            )
    return made
