"""The rules of the early warnings: one set-based query each, returning what they find.

Each rule looks at the active persons of a unit's subtree and returns its findings; a
finding is named by a key (``texts.make_key``) holding the facts the sentence names.
Rows come back for the persons found only (two at most per person for the left-behind
entries, three for the mood ratings), never a query per person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import translation

from guanai.care.models import (
    AssistancePlan,
    CareKind,
    CareRecordPerson,
    Pairing,
    PlanReview,
    PlanStatus,
    RiskAssessment,
    RiskLevel,
    WarningKind,
)
from guanai.care.warnings import texts
from guanai.care.warnings.texts import NONE, make_key
from guanai.core.text import within
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Category, Person, PersonCategory

# Days without any care record before a person under care is warned about (setting
# GUANAI_WARNING_NO_CARE_DAYS); 篇一 asks for a talk with each pupil every 4 weeks.
NO_CARE_DAYS = 30
# A left-behind child should hear from a parent within 60 days (DESIGN §2).
PARENT_CONTACT_DAYS = 60
# Three care records in a row with the mood rated 2 or lower (of 1 … 5).
LOW_MOOD_RATING = 2
LOW_MOOD_RUN = 3


@dataclass(frozen=True)
class Finding:
    """A warning as a rule found it: the person, the kind and the key naming the facts."""

    person_id: int
    org_unit_id: int
    name: str
    kind: WarningKind
    key: str
    high_risk: bool = False

    def message(self, today: date) -> str:
        """Return the Chinese sentence stored with the warning when it is raised."""
        with translation.override(settings.LANGUAGE_CODE):
            text = texts.explain(self.key, name=self.name, today=today, high_risk=self.high_risk)
        # Refused, never cut, should a sentence ever outgrow its column (a test proves
        # that none does).
        return within(text or self.key, texts.MESSAGE_LENGTH, field="message")


def no_care_days() -> int:
    return int(getattr(settings, "GUANAI_WARNING_NO_CARE_DAYS", NO_CARE_DAYS))


def _categories_in_force(today: date) -> Q:
    return Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))


def _pairings_open(today: date) -> Q:
    """Return the filter for pairings not ended by today (``ended_on`` after today, or none).

    A pairing arranged to start later counts: the person has a helper to come.
    """
    return Q(ended_on__isnull=True) | Q(ended_on__gt=today)


def _high_risk(person: str) -> Exists:
    return Exists(
        RiskAssessment.objects.filter(person=OuterRef(person), current=True, level=RiskLevel.HIGH)
    )


def _no_care(persons: QuerySet[Person], today: date) -> list[Finding]:
    """Persons paired with a helper or in a special group, without care for N days."""
    cutoff = today - timedelta(days=no_care_days())
    latest = CareRecordPerson.objects.filter(person=OuterRef("pk"), occurred_on__lte=today)
    latest = latest.order_by("-occurred_on", "-record_id")
    paired = Pairing.objects.filter(_pairings_open(today), person=OuterRef("pk"))
    grouped = PersonCategory.objects.filter(_categories_in_force(today), person=OuterRef("pk"))
    rows = (
        persons.annotate(
            last_on=Subquery(latest.values("occurred_on")[:1]),
            last_kind=Subquery(latest.values("kind")[:1]),
            paired_since=Subquery(paired.order_by("started_on").values("started_on")[:1]),
            grouped_since=Subquery(grouped.order_by("started_on").values("started_on")[:1]),
        )
        .filter(Q(paired_since__isnull=False) | Q(grouped_since__isnull=False))
        .filter(Q(last_on__isnull=True) | Q(last_on__lt=cutoff))
        .order_by()
        .values_list(
            "pk", "org_unit_id", "name", "last_on", "last_kind", "paired_since", "grouped_since"
        )
    )
    found = []
    for pk, unit_id, name, last_on, last_kind, paired_since, grouped_since in rows:
        if last_on is not None:
            key = make_key(WarningKind.NO_CARE, pk, last_on.isoformat(), last_kind)
        else:
            # Never cared for: counted from the day the person came under care.
            since = min(d for d in (paired_since, grouped_since) if d is not None)
            if since >= cutoff:
                continue
            key = make_key(WarningKind.NO_CARE, pk, NONE)
        found.append(Finding(pk, unit_id, name, WarningKind.NO_CARE, key))
    return found


def _contact_on_file(details: object, today: date) -> date | None:
    """Return the "last contact with the parents" date a left-behind entry records."""
    value = details.get("last_contact") if isinstance(details, dict) else None
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return day if day is not None and day <= today else None


def _no_parent_contact(persons: QuerySet[Person], today: date) -> list[Finding]:
    """Left-behind children without a family call, nor a contact on file, for 60 days."""
    cutoff = today - timedelta(days=PARENT_CONTACT_DAYS)
    calls = CareRecordPerson.objects.filter(
        person=OuterRef("person_id"), kind=CareKind.FAMILY_CALL, occurred_on__lte=today
    ).order_by("-occurred_on")
    entries = (
        PersonCategory.objects.filter(
            _categories_in_force(today), category=Category.LEFT_BEHIND, person__in=persons
        )
        .annotate(last_call=Subquery(calls.values("occurred_on")[:1]), high=_high_risk("person_id"))
        .filter(Q(last_call__isnull=True) | Q(last_call__lt=cutoff))
        .order_by()
        .values_list(
            "person_id",
            "person__org_unit_id",
            "person__name",
            "started_on",
            "details",
            "last_call",
            "high",
        )
    )
    # A child may have more than one entry in force: the latest contact and earliest start.
    children: dict[int, dict[str, Any]] = {}
    for pk, unit_id, name, started_on, details, last_call, high in entries:
        child = children.setdefault(
            pk, {"unit": unit_id, "name": name, "since": started_on, "call": last_call}
        )
        child["since"] = min(child["since"], started_on)
        child["high"] = bool(high)
        on_file = _contact_on_file(details, today)
        if on_file is not None and (child.get("file") is None or on_file > child["file"]):
            child["file"] = on_file
    found = []
    for pk, child in children.items():
        call, on_file = child["call"], child.get("file")
        if call is None and on_file is None:
            if (today - child["since"]).days <= PARENT_CONTACT_DAYS:
                continue
            key = make_key(WarningKind.NO_PARENT_CONTACT, pk, NONE)
        else:
            last, source = max(
                (d, s) for d, s in ((call, texts.FROM_CALL), (on_file, texts.FROM_FILE)) if d
            )
            if (today - last).days <= PARENT_CONTACT_DAYS:
                continue
            key = make_key(WarningKind.NO_PARENT_CONTACT, pk, last.isoformat(), source)
        found.append(
            Finding(
                pk, child["unit"], child["name"], WarningKind.NO_PARENT_CONTACT, key, child["high"]
            )
        )
    return found


def _plans_unreviewed(persons: QuerySet[Person], today: date) -> list[Finding]:
    """Active plans past their end without a review dated on or after the end."""
    reviewed = PlanReview.objects.filter(plan=OuterRef("pk"), reviewed_on__gte=OuterRef("ends_on"))
    rows = (
        AssistancePlan.objects.filter(
            status=PlanStatus.ACTIVE, ends_on__lt=today, person__in=persons
        )
        .exclude(Exists(reviewed))
        .order_by()
        .values_list("pk", "person_id", "person__org_unit_id", "person__name", "ends_on", "domain")
    )
    return [
        Finding(
            person_id,
            unit_id,
            name,
            WarningKind.PLAN_UNREVIEWED,
            make_key(WarningKind.PLAN_UNREVIEWED, person_id, pk, ends_on.isoformat(), domain),
        )
        for pk, person_id, unit_id, name, ends_on, domain in rows
    ]


def _low_mood(persons: QuerySet[Person], today: date) -> list[Finding]:
    """Persons whose last three records with a mood rating all rate it 2 or lower."""
    latest_first = [F("occurred_on").desc(), F("record_id").desc()]
    rows = (
        CareRecordPerson.objects.filter(
            person__in=persons, occurred_on__lte=today, record__mood__isnull=False
        )
        .annotate(
            place=Window(RowNumber(), partition_by=[F("person_id")], order_by=latest_first),
            high=_high_risk("person_id"),
        )
        .filter(place__lte=LOW_MOOD_RUN)
        .order_by()
        .values_list(
            "person_id",
            "person__org_unit_id",
            "person__name",
            "occurred_on",
            "record_id",
            "record__mood",
            "high",
        )
    )
    records: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        records[row[0]].append(row)
    found = []
    for pk, last in records.items():
        if len(last) < LOW_MOOD_RUN or any(r[5] > LOW_MOOD_RATING for r in last):
            continue
        last.sort(key=lambda r: (r[3], r[4]), reverse=True)
        dates = [r[3].isoformat() for r in last]
        key = make_key(WarningKind.LOW_MOOD, pk, *dates)
        found.append(Finding(pk, last[0][1], last[0][2], WarningKind.LOW_MOOD, key, last[0][6]))
    return found


def _pairing_gaps(persons: QuerySet[Person], today: date) -> list[Finding]:
    """Persons whose pairing ended and who have no open pairing now."""
    ended = Pairing.objects.filter(person=OuterRef("pk"), ended_on__lte=today)
    ended = ended.order_by("-ended_on", "-pk")
    still_paired = Pairing.objects.filter(_pairings_open(today), person=OuterRef("pk"))
    rows = (
        persons.exclude(Exists(still_paired))
        .annotate(
            ended_on=Subquery(ended.values("ended_on")[:1]),
            ended_role=Subquery(ended.values("role")[:1]),
        )
        .filter(ended_on__isnull=False)
        .order_by()
        .values_list("pk", "org_unit_id", "name", "ended_on", "ended_role")
    )
    return [
        Finding(
            pk,
            unit_id,
            name,
            WarningKind.PAIRING_GAP,
            make_key(WarningKind.PAIRING_GAP, pk, ended_on.isoformat(), role),
        )
        for pk, unit_id, name, ended_on, role in rows
    ]


def _high_risk_uncontacted(persons: QuerySet[Person], today: date) -> list[Finding]:
    """High-risk persons without a care record this week (Monday to today)."""
    monday = today - timedelta(days=today.weekday())
    this_week = CareRecordPerson.objects.filter(
        person=OuterRef("pk"), occurred_on__gte=monday, occurred_on__lte=today
    )
    rows = (
        persons.filter(_high_risk("pk"))
        .exclude(Exists(this_week))
        .order_by()
        .values_list("pk", "org_unit_id", "name")
    )
    kind = WarningKind.HIGH_RISK_UNCONTACTED
    return [
        Finding(pk, unit_id, name, kind, make_key(kind, pk, monday.isoformat()), True)
        for pk, unit_id, name in rows
    ]


RULES = (
    _no_care,
    _no_parent_contact,
    _plans_unreviewed,
    _low_mood,
    _pairing_gaps,
    _high_risk_uncontacted,
)


def findings(unit: OrgUnit | None, today: date) -> dict[str, Finding]:
    """Return what every rule finds today among the active persons of ``unit``'s subtree."""
    persons = persons_in(unit).filter(archived_at__isnull=True)
    return {f.key: f for rule in RULES for f in rule(persons, today)}


def persons_in(unit: OrgUnit | None) -> QuerySet[Person]:
    if unit is None:
        return Person.objects.all()
    return Person.objects.filter(subtree_q([unit], field="org_unit__path"))
