"""The demo roster's adults: disabled persons, 特困 elders, 低保 households and others."""

from __future__ import annotations

from datetime import date

from guanai.ops.demo.roster.draw import Draft, RosterDraw, Span
from guanai.ops.demo.roster.shape import ADULT_DISABILITY, DISEASES, TOWNSHIP_OF
from guanai.registry.models import Category, ContactKind, Health


def adult(d: RosterDraw, kind: str, village_key: str) -> Draft:
    """Keep one adult of ``kind`` on a village's roster (or a township's care home)."""
    village = d.units[village_key]
    family = d.family(village_key)
    elder = kind in ("tekun", "sanwu")
    if elder:
        birth = d.day(date(1931, 1, 1), date(1966, 10, 31))
    else:
        youngest = date(2008, 10, 31) if kind == "disabled" else date(2001, 10, 31)
        birth = d.day(date(1938, 1, 1), youngest)
    male = d.chance(0.65 if elder else 0.5)
    unit, address = village, family.address
    spans: list[Span] = []
    contacts: list[tuple[str, str]] = []
    health: str = Health.HEALTHY
    if kind == "disabled":
        span, health = d.disability(ADULT_DISABILITY)
        spans.append(span)
        # An intellectual or mental disability, or the first grade: a guardian decides.
        if span.details["type"] in (5, 6) or span.details["grade"] == 1:
            young = birth.year > 1985
            relation = d.rng.choice(["母亲", "父亲"] if young else ["配偶", "儿子", "女儿"])
            contacts.append((ContactKind.GUARDIAN, relation))
        if d.chance(0.3):
            d.dibao(family)
    elif kind == "tekun":
        support = d.pick({"centralised": 35, "scattered": 65})
        spans.append(Span(Category.TEKUN, date(2014, 1, 1), {"support": support}))
        if support == "centralised":
            # The demo tree has no care home (敬老院): the township that runs it keeps
            # the roster of the elders who live there.
            unit = d.units[TOWNSHIP_OF[village_key]]
            address = f"{unit.name}敬老院"
            contacts.append((ContactKind.OTHER, "敬老院院长"))
        elif d.chance(0.7):
            contacts.append((ContactKind.NEIGHBOUR, "邻居"))
        if d.chance(0.15):
            span, health = d.disability({1: 30, 2: 35, 4: 35})
            spans.append(span)
    elif kind == "sanwu":
        note = "无劳动能力、无生活来源、无法定赡养抚养义务人"
        spans.append(Span(Category.SANWU, date(2014, 1, 1), note=note))
        contacts.append((ContactKind.OTHER, "社区网格员"))
    elif kind == "major_illness":
        details = {"disease": d.rng.choice(DISEASES)}
        details["diagnosed_on"] = d.day(date(2018, 1, 1), date(2026, 9, 30)).isoformat()
        spans.append(Span(Category.MAJOR_ILLNESS, date(2018, 1, 1), details))
        health = Health.ILL
        if d.chance(0.4):
            d.dibao(family)
    else:
        d.dibao(family)
        if family.spans[-1].note.startswith("因残"):
            span, health = d.disability(ADULT_DISABILITY)
            spans.append(span)
        elif family.spans[-1].note.startswith("因病"):
            health = Health.ILL
    if kind in ("disabled", "major_illness", "dibao") and not contacts and d.chance(0.5):
        contacts.append((ContactKind.OTHER, d.rng.choice(["配偶", "儿子", "女儿", "兄弟"])))
    person = d.person(
        unit,
        region="513322",
        birth=birth,
        male=male,
        ethnicity=family.ethnicity,
        name=d.name(family.ethnicity, male, "elder" if birth.year < 1966 else "adult"),
        phone=d.phone() if d.chance(0.3 if elder else 0.6) else "",
        hukou_place=family.hukou,
        address=address,
        village=village if unit == village else None,
        health=health,
    )
    for contact_kind, relation in contacts:
        # Children and brothers share the surname (of the father, for a woman's children).
        kin_male = relation in ("父亲", "儿子", "兄弟") or (relation == "配偶" and not male)
        shares = relation in ("父亲", "兄弟") or (relation in ("儿子", "女儿") and male)
        surname = person.name[: len(family.surname)] if shares and family.surname else ""
        name = d.name(family.ethnicity, kin_male, "adult", surname)
        d.add_contact(
            family,
            contact_kind,
            relation,
            guardian=contact_kind == ContactKind.GUARDIAN,
            name=name,
            address=address if contact_kind == ContactKind.GUARDIAN else "",
        )
    return d.file(person, spans + family.spans, family.contacts)
