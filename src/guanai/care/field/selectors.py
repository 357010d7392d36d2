"""What a helper's phone keeps for field work offline (issue 23): a card per paired person.

A card holds what a home visit needs and nothing more: the name, age (never the birth date
or an ID number), categories, school and class or village, the guardian (a phone number
masked, and only for a role that may see one: ``scoping.numbers_shown``), the risk level,
the helper's pairing roles, the last three contacts, the active plans' goals and the work
list's items. Every value is plain JSON and every label is in the reader's language; the
card's ``hash`` tells the phone whether its copy is still current.

The cards of any number of persons cost a fixed number of queries: the persons with their
categories and contacts, the rules on their paths, the work list's two aggregates, and
one query each for the pairings, the last contacts (a window function) and the plans.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.care import rules as care_rules
from guanai.care import worklist
from guanai.care.models import (
    AssistancePlan,
    CareKind,
    CareRecordPerson,
    HelperRole,
    Pairing,
    Period,
    PlanDomain,
    PlanStatus,
    RiskLevel,
)
from guanai.care.periods import Status
from guanai.care.quotas import membership_paths, quotas_for
from guanai.core.dates import age_on
from guanai.core.masking import Shown, mask_phone
from guanai.registry.models import Contact, Person

# A card as sent to the phone: plain JSON (see ``field_cards``).
Card = dict[str, Any]
LAST_CONTACTS = 3
HASH_LENGTH = 16


def card_hash(card: Card) -> str:
    """Return the first 16 hex digits of the SHA-256 of the card's canonical JSON."""
    body = {key: value for key, value in card.items() if key != "hash"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:HASH_LENGTH]


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def status_label(status: str, *, missed: bool = False) -> str:
    """Return a rule's state as the work list says it ("previous period missed" for a
    calendar rule overdue)."""
    if status == Status.OVERDUE:
        return _("Previous period missed") if missed else _("Overdue")
    if status == Status.DUE:
        return _("Due")
    return _("Done")


def _place(person: Person) -> str:
    if person.school is not None:
        return f"{person.school.name} {person.grade}{person.class_name}".strip()
    if person.village is not None:
        return person.village.name
    return person.org_unit.name


def _guardian(user: User, person: Person) -> dict[str, str] | None:
    contacts = person.field_contacts  # type: ignore[attr-defined]
    if not contacts:
        return None
    contact = next((c for c in contacts if c.is_guardian), contacts[0])
    shown = scoping.numbers_shown(user, person.org_unit)
    return {
        "name": contact.name,
        "relation": contact.relation,
        # A phone never travels whole to a phone: masked for the roles that see it masked.
        "phone": mask_phone(contact.phone) if shown == Shown.MASKED else "",
    }


def _work(row: worklist.WorkRow) -> list[dict[str, Any]]:
    return [
        {
            "name": item.rule.name,
            "kind": item.kind,
            "kind_label": item.kind_label,
            "status": str(item.status),
            "status_label": status_label(item.status, missed=item.missed_previous),
            "done": item.outcome.done,
            "needed": item.outcome.needed,
            "deadline": item.outcome.deadline.isoformat() if item.outcome.deadline else None,
        }
        for item in row.items
    ]


def _field_persons(user: User) -> list[Person]:
    contacts = Contact.objects.only(
        "person_id", "name", "relation", "phone", "is_guardian"
    ).order_by("-is_guardian", "pk")
    return list(
        worklist.worklist_persons(user)
        .select_related("village")
        .defer("id_number", "phone", "note")
        .prefetch_related(Prefetch("contacts", queryset=contacts, to_attr="field_contacts"))
    )


def _pairing_roles(user: User, ids: list[int]) -> dict[int, list[str]]:
    roles: dict[int, list[str]] = defaultdict(list)
    rows = (
        Pairing.objects.filter(helper=user, ended_on__isnull=True, person_id__in=ids)
        .order_by("started_on", "pk")
        .values_list("person_id", "role")
    )
    for person_id, role in rows:
        roles[person_id].append(_label(HelperRole, role))
    return roles


def _last_contacts(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Return each person's latest contacts, by anyone, in one query (a window function)."""
    ranked = (
        CareRecordPerson.objects.filter(person_id__in=ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("person_id")],
                order_by=[F("occurred_on").desc(), F("record_id").desc()],
            )
        )
        .filter(rank__lte=LAST_CONTACTS)
        .order_by("person_id", "rank")
        .values(
            "person_id",
            "kind",
            "occurred_on",
            "record__author__full_name",
            "record__author__username",
        )
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in ranked:
        found[row["person_id"]].append(
            {
                "kind": row["kind"],
                "kind_label": _label(CareKind, row["kind"]),
                "on": row["occurred_on"].isoformat(),
                "author": row["record__author__full_name"] or row["record__author__username"],
            }
        )
    return found


def _goals(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    plans = (
        AssistancePlan.objects.filter(person_id__in=ids, status=PlanStatus.ACTIVE)
        .order_by("ends_on", "pk")
        .values("person_id", "domain", "goals", "ends_on")
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for plan in plans:
        found[plan["person_id"]].append(
            {
                "domain_label": _label(PlanDomain, plan["domain"]),
                "goals": plan["goals"],
                "ends_on": plan["ends_on"].isoformat(),
            }
        )
    return found


def field_cards(user: User, *, today: date | None = None) -> list[Card]:
    """Return the cards of the persons paired with the user now (not archived), by name."""
    today = today or timezone.localdate()
    persons = _field_persons(user)
    ids = [p.pk for p in persons]
    rules = care_rules.rules_on_paths({p.org_unit.path for p in persons})
    rows = worklist.rows_for(persons, today, rules)
    roles = _pairing_roles(user, ids)
    contacts = _last_contacts(ids)
    goals = _goals(ids)
    cards = []
    for row in rows:
        person = row.person
        card: Card = {
            "id": person.pk,
            "name": person.name,
            "gender": person.gender,
            "age": age_on(person.birth_date, today) if person.birth_date else None,
            "categories": [
                c.get_category_display()
                for c in person.current_categories  # type: ignore[attr-defined]
            ],
            "place": _place(person),
            "guardian": _guardian(user, person),
            "risk_level": row.risk_level,
            "risk_label": _label(RiskLevel, row.risk_level) if row.risk_level else "",
            "pairing_roles": roles.get(person.pk, []),
            "last_contacts": contacts.get(person.pk, []),
            "goals": goals.get(person.pk, []),
            "work": _work(row),
        }
        card["hash"] = card_hash(card)
        cards.append(card)
    return cards


def _period_label(period: str) -> str:
    labels: dict[str, str] = {
        Period.WEEK: _("This week"),
        Period.MONTH: _("This month"),
        Period.YEAR: _("This year"),
    }
    return labels.get(period) or _label(Period, period)


def field_quotas(user: User, today: date) -> list[dict[str, Any]]:
    """Return the user's own quotas (篇一: talks with 3–5 pupils a week) as plain JSON."""
    rules = care_rules.rules_on_paths(membership_paths(user))
    return [
        {
            "name": quota.rule.name,
            "period_label": _period_label(quota.rule.period),
            "status": str(quota.outcome.status),
            "status_label": status_label(
                quota.outcome.status, missed=quota.rule.period != Period.DAYS
            ),
            "done": quota.outcome.done,
            "at_least": quota.rule.times,
            "at_most": quota.rule.times_max,
        }
        for quota in quotas_for(user, rules, today)
    ]
