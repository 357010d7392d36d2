"""Pairing coverage of a unit and the proposals that balance helpers' loads.

Coverage answers "who has no helper, and how loaded are the helpers" for the persons on
the user's rosters, counted in SQL (every special-group person has named helpers, 篇一,
篇二, 篇九). A proposal pairs each unpaired pupil of a unit with the teacher already paired
as class teacher in the pupil's class, else with the unit's least-loaded helper or worker;
the worker accepts all of it or some (``services.pairings_accept``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.accounts.scoping import AnyUser
from guanai.care.models import HelperRole, Pairing
from guanai.care.pairing.eligibility import PAIRABLE_ROLES
from guanai.care.permissions import can_edit_roster_of
from guanai.core.errors import PermissionRefused
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person, PersonCategory
from guanai.registry.selectors import current_categories

# The accounts a proposal draws on: the unit's own helpers and workers (class teachers).
SUGGESTED_ROLES = frozenset({Role.HELPER, Role.WORKER})
# As many pupils as one proposal lists; the rest come in the next one, once accepted.
SUGGEST_LIMIT = 200


@dataclass(frozen=True)
class CoverageFilter:
    unit: OrgUnit | None = None
    category: str = ""


@dataclass(frozen=True)
class CoverageTotals:
    persons: int
    paired: int
    open_pairings: int

    @property
    def unpaired(self) -> int:
        return self.persons - self.paired

    @property
    def percent(self) -> float | None:
        """Return the share of persons with a helper, in per cent to one decimal."""
        return round(100 * self.paired / self.persons, 1) if self.persons else None


def _open_pairing() -> Exists:
    return Exists(Pairing.objects.filter(person=OuterRef("pk"), ended_on__isnull=True))


def _in_unit_q(unit: OrgUnit) -> Q:
    """Return the filter for persons managed in, schooled in or living in the unit's subtree."""
    return (
        subtree_q([unit], field="org_unit__path")
        | subtree_q([unit], field="school__path")
        | subtree_q([unit], field="village__path")
    )


def _in_category(category: str) -> Exists:
    today = timezone.localdate()
    entries = PersonCategory.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        person=OuterRef("pk"),
        started_on__lte=today,
    )
    return Exists(entries.filter(category=category) if category else entries)


def coverage_persons(user: AnyUser, f: CoverageFilter) -> QuerySet[Person]:
    """Return the active persons on the user's rosters that the coverage counts."""
    persons = Person.objects.filter(scoping.roster_subtree_q(user), archived_at__isnull=True)
    if f.unit is not None:
        persons = persons.filter(_in_unit_q(f.unit))
    if f.category:
        persons = persons.filter(_in_category(f.category))
    return persons


def access_roster_unit(user: AnyUser, pk: int) -> OrgUnit:
    """Return a unit of the user's rosters (the coverage's scope), or raise Http404."""
    return get_object_or_404(OrgUnit.objects.filter(scoping.roster_subtree_q(user, "path")), pk=pk)


def coverage_totals(user: AnyUser, f: CoverageFilter) -> CoverageTotals:
    """Count the persons, those with an open pairing, and the open pairings (two queries)."""
    persons = coverage_persons(user, f)
    counts = persons.aggregate(total=Count("pk"), paired=Count("pk", filter=_open_pairing()))
    open_pairings = Pairing.objects.filter(
        ended_on__isnull=True, person__in=persons.values("pk")
    ).count()
    return CoverageTotals(
        persons=counts["total"], paired=counts["paired"], open_pairings=open_pairings
    )


def persons_unpaired(user: AnyUser, f: CoverageFilter) -> QuerySet[Person]:
    """Return the persons without an open pairing, with the date their last one ended."""
    last_ended = (
        Pairing.objects.filter(person=OuterRef("pk"), ended_on__isnull=False)
        .order_by("-ended_on")
        .values("ended_on")[:1]
    )
    return (
        coverage_persons(user, f)
        .filter(~_open_pairing())
        .annotate(last_ended_on=Subquery(last_ended))
        .select_related("org_unit", "school")
        .prefetch_related(current_categories())
        .order_by("org_unit__path", "grade", "class_name", "name_sort", "pk")
    )


def helper_loads(user: AnyUser, f: CoverageFilter) -> QuerySet[User]:
    """Return the helpers of the units (or paired with their persons) and their loads.

    ``load`` counts each helper's open pairings anywhere; ``load_here`` those with the
    persons the coverage counts. Members who hold a caring role in the units' subtrees
    are listed even with no pairing: they are the ones free to take one.
    """
    units = [f.unit] if f.unit is not None else scoping.units_for(user, scoping.ROSTER_ROLES)
    members = (
        scoping.memberships_in_force()
        .filter(subtree_q(units, field="org_unit__path"), role__in=PAIRABLE_ROLES - {Role.LEADER})
        .values("user_id")
    )
    persons = coverage_persons(user, f).values("pk")
    paired_here = Pairing.objects.filter(ended_on__isnull=True, person__in=persons).values(
        "helper_id"
    )
    return (
        User.objects.filter(Q(pk__in=members) | Q(pk__in=paired_here), is_active=True)
        .annotate(
            load=Count("pairings", filter=Q(pairings__ended_on__isnull=True)),
            load_here=Count(
                "pairings",
                filter=Q(pairings__ended_on__isnull=True, pairings__person__in=persons),
            ),
        )
        .order_by("-load_here", "-load", "full_name", "pk")
    )


def helper_loads_listed(user: AnyUser, f: CoverageFilter) -> QuerySet[User]:
    """Return ``helper_loads`` with each helper's roles in force, as the page lists them."""
    return helper_loads(user, f).prefetch_related(
        Prefetch(
            "memberships",
            queryset=scoping.memberships_in_force()
            .select_related("org_unit")
            .order_by("org_unit__path"),
        )
    )


# --- Proposals --------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """A proposed pairing; ``by_class`` when the helper is the class's class teacher."""

    person: Person
    helper: User
    role: str
    by_class: bool
    load_after: int

    @property
    def role_label(self) -> str:
        return str(HelperRole(self.role).label)


def _class_of(person: Person) -> tuple[int, str, str] | None:
    if not person.class_name:
        return None
    return (person.school_id or person.org_unit_id, person.grade, person.class_name)


def pairing_suggestions(
    user: User, unit: OrgUnit, *, role: str = HelperRole.SUBJECT_TEACHER
) -> list[Proposal]:
    """Propose a helper for each unpaired special-group pupil of the unit.

    A pupil whose class has a class teacher paired already (an open ``class_teacher``
    pairing with a classmate, held by one of the unit's helpers or workers) is proposed
    to that teacher; any other pupil to the helper or worker of the unit with the fewest
    open pairings at that moment, so the loads even out as the list goes on. Pupils go
    class by class, in roster order. Four queries, whatever the number of pupils.
    """
    if not can_edit_roster_of(user, unit):
        raise PermissionRefused(
            _("You may not pair helpers with persons of %(unit)s.") % {"unit": unit.name}
        )
    editable = scoping.units_for(user, scoping.ROSTER_EDITORS)
    pupils = list(
        Person.objects.filter(
            _in_unit_q(unit),
            subtree_q(editable, field="org_unit__path"),
            _in_category(""),
            ~_open_pairing(),
            archived_at__isnull=True,
        )
        .select_related("org_unit", "school")
        .prefetch_related(current_categories())
        .order_by(
            F("school__path").asc(nulls_first=True), "grade", "class_name", "name_sort", "pk"
        )[:SUGGEST_LIMIT]
    )
    members = (
        scoping.memberships_in_force()
        .filter(subtree_q([unit], field="org_unit__path"), role__in=SUGGESTED_ROLES)
        .values("user_id")
    )
    candidates = list(
        User.objects.filter(is_active=True, pk__in=members)
        .annotate(load=Count("pairings", filter=Q(pairings__ended_on__isnull=True)))
        .order_by("full_name", "pk")
    )
    if not pupils or not candidates:
        return []
    by_pk = {c.pk: c for c in candidates}
    loads: dict[int, int] = {c.pk: c.load for c in candidates}
    rank = {c.pk: n for n, c in enumerate(candidates)}
    class_teachers: dict[tuple[int, str, str], set[int]] = {}
    rows = Pairing.objects.filter(
        subtree_q([unit], field="person__org_unit__path")
        | subtree_q([unit], field="person__school__path"),
        role=HelperRole.CLASS_TEACHER,
        ended_on__isnull=True,
        helper_id__in=list(by_pk),
    ).exclude(person__class_name="")
    for school_id, unit_id, grade, class_name, helper_id in rows.values_list(
        "person__school_id",
        "person__org_unit_id",
        "person__grade",
        "person__class_name",
        "helper_id",
    ):
        class_teachers.setdefault((school_id or unit_id, grade, class_name), set()).add(helper_id)
    proposals = []
    for pupil in pupils:
        key = _class_of(pupil)
        teachers = class_teachers.get(key, set()) if key else set()
        pool = teachers or set(by_pk)
        chosen = min(pool, key=lambda pk: (loads[pk], rank[pk]))
        loads[chosen] += 1
        proposals.append(
            Proposal(
                person=pupil,
                helper=by_pk[chosen],
                role=HelperRole.CLASS_TEACHER if teachers else role,
                by_class=bool(teachers),
                load_after=loads[chosen],
            )
        )
    return proposals
