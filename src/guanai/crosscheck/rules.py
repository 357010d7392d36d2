"""What a list's matches mean: the findings of each kind of list, and their re-check.

``find`` reads the matched rows of a list inside the unit (and, for the kinds that ask
it, the unmatched rows of the unit's area and the persons missing from the list) in a few
set-based queries and returns the findings as ``Candidate``s; ``still_holds`` tells, for open
findings, which are still true of the registry and the rolls today, so that a finding whose
cause was fixed through the normal pages (the file archived, the roll regenerated, the grade
updated) closes by itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from guanai.benefits.models import Entitlement, RollLine, RollStatus
from guanai.crosscheck.models import CheckList, Finding, FindingKind, ListKind, ListRow
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Category, Person, PersonCategory

K = FindingKind


@dataclass
class Candidate:
    kind: str
    key: str  # the ID number's look-up hash
    name: str
    org_unit_id: int
    person_id: int | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    urgent: bool = False
    id_number: str = ""


def in_force(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": today}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})
    )


# Findings re-checked per round of queries (SQLite limits the parameters of a statement).
CHUNK = 2000


def _ids(persons: Iterable[int] | QuerySet[Any, Any]) -> Any:
    """A subquery stays one (a list's matched persons may be 100,000); ids become a list."""
    return persons if isinstance(persons, QuerySet) else list(persons)


def current_categories(
    persons: Iterable[int] | QuerySet[Any, Any], code: str, today: date
) -> dict[int, dict]:
    """Return the details of the current ``code`` category of each person that has it."""
    rows = PersonCategory.objects.filter(
        in_force(today), person_id__in=_ids(persons), category=code
    ).values_list("person_id", "details")
    return {pk: details or {} for pk, details in rows}


def _matched(check_list: CheckList) -> QuerySet[ListRow]:
    return ListRow.objects.filter(check_list=check_list, in_scope=True, person__isnull=False)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _lines_after(
    deaths: dict[int, date], persons: QuerySet[Any, Any] | None = None
) -> dict[int, list[Mapping[str, Any]]]:
    """Return, per person, the roll lines of the month of death or later."""
    lines: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    rows = RollLine.objects.filter(
        person_id__in=_ids(deaths if persons is None else persons)
    ).values("person_id", "roll_id", "roll__month", "roll__status", "amount")
    for line in rows:
        if line["roll__month"] >= _month_start(deaths[line["person_id"]]):
            lines[line["person_id"]].append(line)
    return lines


def _deaths(check_list: CheckList, today: date) -> list[Candidate]:
    rows = list(
        _matched(check_list).values(
            "id_hash", "name", "data", "person_id", "person__org_unit_id", "person__archived_at"
        )
    )
    deaths = {r["person_id"]: date.fromisoformat(r["data"]["death_date"]) for r in rows}
    paid = set(
        Entitlement.objects.filter(person_id__in=_matched(check_list).values("person_id"))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=check_list.as_of))
        .values_list("person_id", flat=True)
    )
    lines = _lines_after(deaths, _matched(check_list).values("person_id"))
    out = []
    for row in rows:
        pk, died = row["person_id"], deaths[row["person_id"]]
        base: dict[str, Any] = {
            "key": row["id_hash"],
            "name": row["name"],
            "org_unit_id": row["person__org_unit_id"],
            "person_id": pk,
        }
        facts = {"death_date": died.isoformat()}
        if row["person__archived_at"] is None:
            benefits = pk in paid
            out.append(
                Candidate(
                    K.DEATH_ACTIVE_FILE,
                    facts={**facts, "benefits": benefits},
                    urgent=benefits,
                    **base,
                )
            )
        open_months = sorted(
            {
                str(line["roll__month"])[:7]
                for line in lines[pk]
                if line["roll__status"] != RollStatus.APPROVED
            }
        )
        if open_months:
            out.append(
                Candidate(
                    K.DEATH_ON_ROLL, facts={**facts, "months": open_months}, urgent=True, **base
                )
            )
        approved = [line for line in lines[pk] if line["roll__status"] == RollStatus.APPROVED]
        if approved:
            total = sum((line["amount"] for line in approved), Decimal(0))
            months = sorted({str(line["roll__month"])[:7] for line in approved})
            out.append(
                Candidate(
                    K.DEATH_PAID, facts={**facts, "months": months, "amount": str(total)}, **base
                )
            )
    return out


def _base(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "key": row["id_hash"],
        "name": row["name"],
        "org_unit_id": row["person__org_unit_id"],
        "person_id": row["person_id"],
    }


def _active(check_list: CheckList) -> QuerySet[ListRow]:
    return _matched(check_list).filter(person__archived_at__isnull=True)


def _active_rows(check_list: CheckList) -> list[Mapping[str, Any]]:
    return list(
        _active(check_list).values("id_hash", "name", "data", "person_id", "person__org_unit_id")
    )


def _disability(check_list: CheckList, today: date) -> list[Candidate]:
    rows = _active_rows(check_list)
    held = current_categories(_active(check_list).values("person_id"), Category.DISABLED, today)
    out = []
    for row in rows:
        listed, details = row["data"], held.get(row["person_id"])
        if details is None:
            out.append(Candidate(K.DISABILITY_CATEGORY, facts=listed, **_base(row)))
            continue
        ours = {"type": details.get("type"), "grade": details.get("grade")}
        if listed.get("grade") != ours["grade"] or (
            listed.get("type") and listed.get("type") != ours["type"]
        ):
            facts = {"type": listed.get("type"), "grade": listed.get("grade"), "ours": ours}
            out.append(Candidate(K.DISABILITY_GRADE, facts=facts, **_base(row)))
        suffix = listed.get("certificate_suffix")
        if suffix and details.get("certificate_suffix") != suffix:
            facts = {"certificate_suffix": suffix, "ours": details.get("certificate_suffix", "")}
            out.append(Candidate(K.DISABILITY_CERTIFICATE, facts=facts, **_base(row)))
    return out


# The children the school roll is compared for (篇九: 留守儿童 and 随迁子女).
SCHOOL_CATEGORIES = (Category.LEFT_BEHIND, Category.MIGRANT_CHILD)
SCHOOL_FINDINGS = {"dropped_out": K.SCHOOL_DROPPED_OUT, "transferred_out": K.SCHOOL_TRANSFERRED}


def _school(check_list: CheckList, today: date) -> list[Candidate]:
    rows = [r for r in _active_rows(check_list) if r["data"].get("status") in SCHOOL_FINDINGS]
    children = set(
        PersonCategory.objects.filter(
            in_force(today),
            person_id__in=_active(check_list).values("person_id"),
            category__in=SCHOOL_CATEGORIES,
        ).values_list("person_id", flat=True)
    )
    return [
        Candidate(SCHOOL_FINDINGS[row["data"]["status"]], facts=row["data"], **_base(row))
        for row in rows
        if row["person_id"] in children
    ]


def _dibao(check_list: CheckList, today: date) -> list[Candidate]:
    rows = _active_rows(check_list)
    held = current_categories(_active(check_list).values("person_id"), Category.DIBAO, today)
    out = [
        Candidate(K.DIBAO_CATEGORY, facts=row["data"], **_base(row))
        for row in rows
        if row["person_id"] not in held
    ]
    # The reverse: in the dibao category inside the unit, not on the list.
    listed = ListRow.objects.filter(check_list=check_list).values("id_hash")
    missing = (
        Person.objects.filter(
            subtree_q([check_list.org_unit], field="org_unit__path"),
            archived_at__isnull=True,
            id_hash__isnull=False,
            categories__in=PersonCategory.objects.filter(in_force(today), category=Category.DIBAO),
        )
        .exclude(id_hash__in=listed)
        .values("id_hash", "name", "pk", "org_unit_id")
        .distinct()
    )
    out.extend(
        Candidate(
            K.DIBAO_NOT_LISTED,
            key=p["id_hash"] or "",
            name=p["name"],
            org_unit_id=p["org_unit_id"],
            person_id=p["pk"],
            facts={"as_of": check_list.as_of.isoformat()},
        )
        for p in missing
    )
    return out


def _hukou_moves(check_list: CheckList, today: date) -> list[Candidate]:
    out = []
    for row in _active_rows(check_list):
        facts = {**row["data"], "org_unit_id": row["person__org_unit_id"]}
        out.append(Candidate(K.MOVED_AWAY, facts=facts, **_base(row)))
    return out


UNREGISTERED: dict[str, str] = {
    ListKind.DISABILITY: K.DISABILITY_UNREGISTERED,
    ListKind.DIBAO: K.DIBAO_UNREGISTERED,
}


def _unregistered(check_list: CheckList, area: str) -> list[Candidate]:
    """Rows of the unit's area (by the ID's region code) that match no person at all."""
    kind = UNREGISTERED.get(check_list.kind)
    if kind is None or not area:
        return []
    rows = ListRow.objects.filter(
        check_list=check_list, person__isnull=True, region__startswith=area
    ).values("id_hash", "name", "data", "id_number")
    return [
        Candidate(
            kind,
            key=r["id_hash"],
            name=r["name"],
            org_unit_id=check_list.org_unit_id,
            facts=r["data"],
            id_number=r["id_number"],
        )
        for r in rows
    ]


def _names(check_list: CheckList) -> list[Candidate]:
    rows = (
        _matched(check_list)
        .filter(name_differs=True)
        .values("id_hash", "name", "person_id", "person__org_unit_id", "person__name")
    )
    return [
        Candidate(
            K.NAME_DIFFERS, facts={"list_name": r["name"], "ours": r["person__name"]}, **_base(r)
        )
        for r in rows
    ]


_FIND: dict[str, Any] = {
    ListKind.DEATHS: _deaths,
    ListKind.DISABILITY: _disability,
    ListKind.SCHOOL: _school,
    ListKind.DIBAO: _dibao,
    ListKind.HUKOU_MOVES: _hukou_moves,
}


def find(check_list: CheckList, *, area: str, today: date) -> list[Candidate]:
    """Return every finding of ``check_list`` (matched inside the unit, or of its area)."""
    return [
        *_FIND[check_list.kind](check_list, today),
        *_unregistered(check_list, area),
        *_names(check_list),
    ]


def still_holds(findings: Sequence[Finding], today: date) -> set[int]:
    """Return the pks of the open ``findings`` still true today; the others were fixed."""
    holding: set[int] = set()
    for start in range(0, len(findings), CHUNK):
        holding |= _still_holds(findings[start : start + CHUNK], today)
    return holding


def _still_holds(findings: Sequence[Finding], today: date) -> set[int]:
    person_ids = {f.person_id for f in findings if f.person_id}
    persons = {
        p["pk"]: p
        for p in Person.objects.filter(pk__in=person_ids).values(
            "pk", "name", "archived_at", "org_unit_id", "schooling_status", "hukou_place"
        )
    }
    disabled = current_categories(person_ids, Category.DISABLED, today)
    dibao = current_categories(person_ids, Category.DIBAO, today)
    deaths = {
        f.person_id: date.fromisoformat(f.facts["death_date"])
        for f in findings
        if f.kind == K.DEATH_ON_ROLL and f.person_id is not None
    }
    lines = _lines_after(deaths) if deaths else {}
    hashes = {f.key for f in findings if f.person_id is None}
    registered = (
        {
            h or ""
            for h in Person.objects.filter(id_hash__in=hashes).values_list("id_hash", flat=True)
        }
        if hashes
        else set()
    )
    holding = set()
    for f in findings:
        person = persons.get(f.person_id) if f.person_id else None
        active = person is not None and person["archived_at"] is None
        if _holds(f, person, active, disabled, dibao, lines, registered):
            holding.add(f.pk)
    return holding


def _holds(
    f: Finding,
    person: Mapping[str, Any] | None,
    active: bool,
    disabled: dict[int, dict],
    dibao: dict[int, dict],
    lines: dict[int, list[Mapping[str, Any]]],
    registered: set[str],
) -> bool:
    facts, pk = f.facts, f.person_id or 0
    match f.kind:
        case K.DEATH_ACTIVE_FILE:
            return active
        case K.DEATH_ON_ROLL:
            return any(line["roll__status"] != RollStatus.APPROVED for line in lines.get(pk, []))
        case K.DEATH_PAID:
            return True  # money paid out is recovered by hand: resolved with a note
        case K.DISABILITY_GRADE:
            details = disabled.get(pk)
            return (
                active
                and details is not None
                and (
                    details.get("grade") != facts.get("grade")
                    or (bool(facts.get("type")) and details.get("type") != facts.get("type"))
                )
            )
        case K.DISABILITY_CERTIFICATE:
            details = disabled.get(pk) or {}
            return active and details.get("certificate_suffix") != facts["certificate_suffix"]
        case K.DISABILITY_CATEGORY:
            return active and f.person_id not in disabled
        case K.DIBAO_CATEGORY:
            return active and f.person_id not in dibao
        case K.DIBAO_NOT_LISTED:
            return active and f.person_id in dibao
        case K.DISABILITY_UNREGISTERED | K.DIBAO_UNREGISTERED:
            return f.key not in registered
        case K.SCHOOL_DROPPED_OUT | K.SCHOOL_TRANSFERRED:
            return active and person is not None and person["schooling_status"] != facts["status"]
        case K.MOVED_AWAY:
            return (
                active
                and person is not None
                and person["org_unit_id"] == facts.get("org_unit_id")
                and person["hukou_place"] != facts.get("place")
            )
        case K.NAME_DIFFERS:
            return active and person is not None and person["name"] != facts.get("list_name")
    return True
