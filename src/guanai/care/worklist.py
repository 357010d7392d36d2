"""The work list (本周工作): what each person a user cares for needs this week, and the
user's own quotas (篇一: each class teacher talks with 3–5 pupils a week).

A page costs a fixed number of queries whatever the number of persons: the persons of
the page (with their categories and current risk level), the rules set on their units'
paths, one aggregate over ``CareRecordPerson`` (per person and kind: the latest date and
the counts in this and the previous week, month and year), and for the user's quotas
their pairing roles and one aggregate over their own records. The rules are then
evaluated in Python (``periods.evaluate``).

A ``WorkFilter`` narrows the list: by class and by name (the registry's search) in the
database, by kind of care and status on the evaluated rules. The list is sorted most
urgent first: overdue, then due, each by the soonest deadline.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.care import rules as care_rules
from guanai.care.models import (
    CareKind,
    CareRecordPerson,
    FrequencyRule,
    Period,
    RiskAssessment,
    RuleTarget,
)
from guanai.care.periods import Outcome, Status, Tally, evaluate, merge, windows
from guanai.care.quotas import Quota, membership_paths, quotas_for
from guanai.care.work_filters import NO_FILTER, SchoolClass, WorkFilter
from guanai.core.paging import PAGE_SIZE, CountedPaginator, page_of
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person
from guanai.registry.selectors import PersonFilter, current_categories, persons_search

# Up to this many persons (a helper's or a class's list) the whole list is evaluated and
# sorted by urgency across pages; a larger one (a county) is paged in roster order.
URGENCY_SORT_LIMIT = 300
STATUS_ORDER = {Status.OVERDUE: 0, Status.DUE: 1, Status.DONE: 2}


@dataclass(frozen=True)
class WorkItem:
    """One rule for one person, with its state today."""

    rule: FrequencyRule
    inherited: bool
    outcome: Outcome

    @property
    def status(self) -> Status:
        return self.outcome.status

    @property
    def kind(self) -> str:
        """The kind of care a quick entry for this rule starts with."""
        kinds = self.rule.kind_list
        return kinds[0] if kinds else CareKind.TALK

    @property
    def kind_label(self) -> str:
        return str(CareKind(self.kind).label) if self.kind in CareKind.values else self.kind

    @property
    def rolling(self) -> bool:
        """Whether the rule runs so many days from the last record (not by the calendar)."""
        return self.rule.period == Period.DAYS

    @property
    def missed_previous(self) -> bool:
        """Whether a calendar rule is overdue: the previous period ended without enough.

        Its deadline is then this period's, still ahead: the page says "previous period
        missed" and "this period due by …", never "overdue" beside a date to come.
        """
        return self.status == Status.OVERDUE and not self.rolling

    def covers(self, kind: str) -> bool:
        """Whether a record of ``kind`` counts for the rule (any kind when it names none)."""
        kinds = self.rule.kind_list
        return not kinds or kind in kinds

    @property
    def sort_key(self) -> tuple[int, date, str]:
        """Most urgent first: by status, then the soonest deadline (never recorded first)."""
        return (STATUS_ORDER[self.status], self.outcome.deadline or date.min, self.rule.code)


@dataclass(frozen=True)
class WorkRow:
    person: Person
    risk_level: str
    last_contact: date | None
    items: list[WorkItem]

    @property
    def todo(self) -> list[WorkItem]:
        return [i for i in self.items if i.status != Status.DONE]

    @property
    def done(self) -> list[WorkItem]:
        return [i for i in self.items if i.status == Status.DONE]

    @property
    def urgency(self) -> int:
        return min((STATUS_ORDER[i.status] for i in self.items), default=len(STATUS_ORDER))

    @property
    def sort_key(self) -> tuple[int, date]:
        """The key of the row's most urgent item (a row without rules last)."""
        if not self.items:
            return (len(STATUS_ORDER), date.max)
        return min(item.sort_key for item in self.items)[:2]


@dataclass(frozen=True)
class WorkList:
    page: Page[Any]  # of WorkRow (sorted by urgency) or of Person (roster order)
    rows: list[WorkRow]
    quotas: list[Quota]
    today: date
    week: tuple[date, date]
    all_units: bool
    filters: WorkFilter = NO_FILTER
    # True when the list is too long to evaluate whole: the kind and status then narrow
    # each page of the roster, not the whole list.
    filtered_by_page: bool = False

    @property
    def counts(self) -> dict[str, int]:
        """How many rules of the page's persons are overdue, due and done."""
        result = {str(s): 0 for s in Status}
        for row in self.rows:
            for item in row.items:
                result[str(item.status)] += 1
        return result


def may_see_all(user: AnyUser) -> bool:
    """Return whether the user may widen the list to every person of their units."""
    return bool(scoping.units_for(user, scoping.ROSTER_EDITORS))


def worklist_persons(
    user: AnyUser, *, all_units: bool = False, filters: WorkFilter = NO_FILTER
) -> QuerySet[Person]:
    """Return the persons of the user's work list (not archived), in roster order.

    The persons paired with the user; with ``all_units``, for a leader or worker, every
    person of their units as well. (Their risk levels are read for a page at a time by
    ``rows_for``: as a column here PostgreSQL would compute it for every row skipped.)
    ``filters`` narrows them by class and by the registry's search (a subquery).
    """
    q = scoping.paired_persons_q(user)
    if all_units:
        q |= subtree_q(scoping.units_for(user, scoping.ROSTER_EDITORS), field="org_unit__path")
    persons = Person.objects.filter(q, archived_at__isnull=True)
    school_class = filters.school_class
    if school_class is not None:
        persons = persons.filter(
            school_id=school_class.school_id,
            grade=school_class.grade,
            class_name=school_class.class_name,
        )
    if filters.q.strip():
        found = persons_search(user, PersonFilter(q=filters.q, status="all"))
        persons = persons.filter(pk__in=found.order_by().values("pk"))
    return (
        persons.select_related("org_unit", "school")
        .prefetch_related(current_categories())
        .order_by("name_sort", "pk")
    )


def worklist_classes(user: AnyUser, *, all_units: bool = False) -> list[SchoolClass]:
    """Return the classes the persons of the user's work list are in (one query)."""
    rows = (
        worklist_persons(user, all_units=all_units)
        .filter(school__isnull=False)
        .exclude(grade="", class_name="")
        .order_by()
        .values_list("school_id", "school__name", "grade", "class_name")
        .distinct()
    )
    classes = [SchoolClass(*row) for row in rows]
    return sorted(classes, key=lambda c: (c.school_name, c.school_id, c.grade, c.class_name))


def contact_tallies(person_ids: Sequence[int], today: date) -> dict[int, dict[str, Tally]]:
    """Return, per person and kind, the latest record and the counts in each window.

    One aggregate over ``CareRecordPerson``, using its (person, kind, date) index.
    """
    spans = windows(today)
    counts = {
        name: Count("pk", filter=Q(occurred_on__gte=start, occurred_on__lte=end))
        for name, (start, end) in spans.items()
    }
    rows = (
        CareRecordPerson.objects.filter(person_id__in=list(person_ids))
        .values("person_id", "kind")
        .annotate(last=Max("occurred_on"), **counts)
        .order_by()
    )
    result: dict[int, dict[str, Tally]] = defaultdict(dict)
    for row in rows:
        result[row["person_id"]][row["kind"]] = Tally(
            last=row["last"], counts={name: row[name] for name in spans}
        )
    return result


def tally_for(rule: FrequencyRule, by_kind: dict[str, Tally]) -> Tally:
    """Return what the records of the rule's kinds add up to (any kind when blank)."""
    kinds = rule.kind_list
    return merge(t for kind, t in by_kind.items() if not kinds or kind in kinds)


def applies_to(rule: FrequencyRule, person: Person, risk_level: str) -> bool:
    """Return whether a person rule applies to ``person`` (categories prefetched)."""
    if rule.target != RuleTarget.PERSON:
        return False
    if rule.risk_level and rule.risk_level != risk_level:
        return False
    if rule.category:
        held = {c.category for c in person.current_categories}  # type: ignore[attr-defined]
        return rule.category in held
    return True


def person_items(
    person: Person,
    risk_level: str,
    held: list[care_rules.RuleInForce],
    by_kind: dict[str, Tally],
    today: date,
) -> list[WorkItem]:
    items = [
        WorkItem(r.rule, r.inherited, evaluate(r.rule, tally_for(r.rule, by_kind), today))
        for r in held
        if applies_to(r.rule, person, risk_level)
    ]
    return sorted(items, key=lambda i: i.sort_key)


def rows_for(persons: Sequence[Person], today: date, rules: list[FrequencyRule]) -> list[WorkRow]:
    """Evaluate the rules of each person (risk annotated, categories prefetched)."""
    tallies = contact_tallies([p.pk for p in persons], today)
    risks = dict(
        RiskAssessment.objects.filter(person_id__in=[p.pk for p in persons], current=True)
        .values_list("person_id", "level")
        .order_by()
    )
    held_by_path: dict[str, list[care_rules.RuleInForce]] = {}
    rows = []
    for person in persons:
        path = person.org_unit.path
        if path not in held_by_path:
            held_by_path[path] = care_rules.resolve(rules, path)
        risk_level = risks.get(person.pk, "")
        by_kind = tallies.get(person.pk, {})
        last = max((t.last for t in by_kind.values() if t.last), default=None)
        items = person_items(person, risk_level, held_by_path[path], by_kind, today)
        rows.append(WorkRow(person, risk_level, last, items))
    return rows


def worklist(
    user: User,
    *,
    all_units: bool = False,
    page_number: int | str | None = 1,
    today: date | None = None,
    page_size: int = PAGE_SIZE,
    filters: WorkFilter = NO_FILTER,
) -> WorkList:
    """Return a page of the user's work list: rows of persons, the quotas, this week.

    The rows are the most urgent first: overdue, then due, each the soonest deadline first.
    """
    today = today or timezone.localdate()
    all_units = all_units and may_see_all(user)
    persons_qs = worklist_persons(user, all_units=all_units, filters=filters)
    total = persons_qs.count()
    page: Page[Any]
    by_page = False
    if total <= URGENCY_SORT_LIMIT:
        # A helper's own list: every person evaluated, the most urgent first on page 1.
        persons = list(persons_qs)
        rules = care_rules.rules_on_paths(
            {p.org_unit.path for p in persons} | set(membership_paths(user))
        )
        every_row = filters.rows(rows_for(persons, today, rules))
        every_row.sort(key=lambda row: row.sort_key)
        page = page_of(every_row, page_number, per_page=page_size)
        rows = list(page.object_list)
    else:
        # A whole county: pages in roster order, the most urgent first within a page.
        page = CountedPaginator(persons_qs, page_size, total).get_page(page_number)
        persons = list(page.object_list)
        rules = care_rules.rules_on_paths(
            {p.org_unit.path for p in persons} | set(membership_paths(user))
        )
        rows = filters.rows(rows_for(persons, today, rules))
        rows.sort(key=lambda row: row.sort_key)
        by_page = filters.by_items
    return WorkList(
        page=page,
        rows=rows,
        quotas=quotas_for(user, rules, today),
        today=today,
        week=windows(today)["week"],
        all_units=all_units,
        filters=filters,
        filtered_by_page=by_page,
    )


def next_due(
    user: User,
    *,
    all_units: bool = False,
    filters: WorkFilter = NO_FILTER,
    skip: Sequence[int] = (),
    today: date | None = None,
) -> tuple[Person, WorkItem] | None:
    """Return the first person of the (filtered) list with something to do, and the item.

    For "save and next": the persons in ``skip`` (just recorded) are passed over.
    """
    work = worklist(
        user,
        all_units=all_units,
        filters=filters,
        today=today,
        page_size=URGENCY_SORT_LIMIT,
    )
    for row in work.rows:
        if row.person.pk in skip or not row.todo:
            continue
        return row.person, row.todo[0]
    return None


def person_work(person: Person, today: date | None = None) -> WorkRow:
    """Return the rules in force for one person and their state (the person's care page)."""
    today = today or timezone.localdate()
    annotated = (
        Person.objects.filter(pk=person.pk)
        .select_related("org_unit")
        .prefetch_related(current_categories())
        .get()
    )
    rules = care_rules.rules_on_paths([annotated.org_unit.path])
    return rows_for([annotated], today, rules)[0]
