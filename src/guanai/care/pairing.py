"""Pairing (结对帮扶): who may be paired with whom, starting and ending pairings, and reads.

A helper is an account holding a caring role (leader, worker, helper, volunteer) in the
person's *pairing area*: the person's county — any unit in its subtree, such as a county
volunteer group or a county office (篇八: "由县残联落实县级机关干部爱心结对") — or a unit
above it (a prefecture cadre). A helper of another county may not be paired. Where there is
no county above the person's unit (a prefecture special school, 篇八 "州级机关干部"), the
nearest prefecture is the area. A study buddy (学习帮手, 篇一) is a fellow pupil who may be
named without an account.

Only the roster keepers (leaders and workers) of a unit containing the person's unit pair
helpers and end pairings. Ending a pairing keeps it in the history; nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Membership, Role, User
from guanai.accounts.scoping import AnyUser
from guanai.care.models import HelperRole, Pairing
from guanai.care.permissions import can_edit_roster_of
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.text import column_limit, within
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person

# The roles whose holders may be paired with a person; viewers and admins may not.
PAIRABLE_ROLES = frozenset({Role.LEADER, Role.WORKER, Role.HELPER, Role.VOLUNTEER})
# The kinds of unit that bound a pairing area, nearest first.
AREA_KINDS = (OrgKind.COUNTY, OrgKind.PREFECTURE)
# As many persons as a bulk pairing takes at once (a page of the list is 50).
BULK_LIMIT = 200
BUDDY_NAME_LENGTH = column_limit(Pairing, "buddy_name")
NOTE_LENGTH = column_limit(Pairing, "note")
REASON_LENGTH = column_limit(Pairing, "end_reason")


# --- Who may be paired ----------------------------------------------------------------


def pairing_areas(units: Iterable[OrgUnit]) -> dict[int, OrgUnit]:
    """Return each unit's pairing area by the unit's key (one query for all of them)."""
    by_pk = {u.pk: u for u in units}
    paths = {p for u in by_pk.values() for p in u.ancestor_paths()}
    by_path = {u.path: u for u in OrgUnit.objects.filter(path__in=paths)}
    areas = {}
    for pk, unit in by_pk.items():
        nearest_first = [by_path[p] for p in reversed(unit.ancestor_paths()) if p in by_path]
        areas[pk] = next((u for kind in AREA_KINDS for u in nearest_first if u.kind == kind), unit)
    return areas


def _area_q(areas: Iterable[OrgUnit], field: str = "org_unit__path") -> Q:
    """Return the filter for units inside the areas or above them."""
    q = Q(pk__in=[])
    for area in areas:
        q |= Q(**{f"{field}__in": area.ancestor_paths()}) | subtree_q([area], field=field)
    return q


def helpers_eligible(areas: Iterable[OrgUnit]) -> QuerySet[User]:
    """Return the active accounts that may be paired with persons of these areas."""
    members = (
        scoping.memberships_in_force()
        .filter(_area_q(areas), role__in=PAIRABLE_ROLES)
        .values("user_id")
    )
    return User.objects.filter(is_active=True, pk__in=members).order_by("full_name", "pk")


def helpers_offered(user: AnyUser, units: Iterable[OrgUnit | None]) -> QuerySet[User]:
    """Return the staff a pairing form offers ``user`` for persons of ``units``, by unit.

    Not every account of the pairing area: a class teacher has no use for the county's
    hundreds of accounts (nor for their user names). Offered are the caring staff of
    ``units`` and the units below them (a township's schools), of the units above them,
    and of the units whose roster the user keeps — so a county clerk still finds the
    county's cadres and volunteers (篇八: 县级机关干部爱心结对). The pairing service
    accepts anyone of the area; this is only what a form lists. Each account carries
    ``unit_name``, the unit of its caring role nearest the persons, to tell namesakes apart.
    """
    given = [unit for unit in units if unit is not None]
    kept = scoping.units_for(user, scoping.ROSTER_EDITORS)
    above = {path for unit in [*given, *kept] for path in unit.ancestor_paths()}
    where = Q(org_unit__path__in=above) | subtree_q([*given, *kept], field="org_unit__path")
    staff = scoping.memberships_in_force().filter(where, role__in=PAIRABLE_ROLES)
    nearest = staff.filter(user=OuterRef("pk")).order_by(Length("org_unit__path").desc())
    return (
        helpers_eligible(pairing_areas(given or kept).values())
        .filter(pk__in=staff.values("user_id"))
        .annotate(unit_name=Subquery(nearest.values("org_unit__name")[:1]))
    )


def _may_be_paired_in(memberships: Sequence[Membership], area: OrgUnit) -> bool:
    return any(
        m.role in PAIRABLE_ROLES
        and (area.path.startswith(m.org_unit.path) or m.org_unit.path.startswith(area.path))
        for m in memberships
    )


# --- Writes ---------------------------------------------------------------------------


def _clean_input(
    *, helper: User | None, buddy_name: str, role: str, started_on: date, note: str
) -> tuple[str, str]:
    """Check what every new pairing needs; return the cleaned buddy name and note."""
    if role not in HelperRole.values:
        raise ValidationFailed(_("Choose the helper's role."), field="role")
    buddy_name = "".join(buddy_name.split())
    note = note.strip()
    if helper is None and not buddy_name:
        if role == HelperRole.STUDY_BUDDY:
            raise ValidationFailed(
                _("Choose the study buddy's account or enter the study buddy's name."),
                field="buddy_name",
            )
        raise ValidationFailed(_("Choose the helper."), field="helper")
    if buddy_name and role != HelperRole.STUDY_BUDDY:
        raise ValidationFailed(
            _("Only a study buddy is entered by name; choose other helpers' accounts."),
            field="buddy_name",
        )
    if buddy_name and helper is not None:
        raise ValidationFailed(
            _("Choose the study buddy's account or enter a name, not both."), field="buddy_name"
        )
    within(buddy_name, BUDDY_NAME_LENGTH, field="buddy_name")
    within(note, NOTE_LENGTH, field="note")
    if started_on > timezone.localdate():
        raise ValidationFailed(_("The start date is in the future."), field="started_on")
    return buddy_name, note


def _require_may_pair(acting_user: User, persons: Sequence[Person]) -> None:
    for person in persons:
        if not can_edit_roster_of(acting_user, person.org_unit):
            raise PermissionRefused(
                _("You may not pair helpers with persons of %(unit)s.")
                % {"unit": person.org_unit.name}
            )
        if person.archived_at is not None:
            raise ValidationFailed(
                _("The file of %(name)s is archived: no helper can be paired with it.")
                % {"name": person.name},
                field="persons",
            )


def _require_eligible(helper: User, persons: Sequence[Person]) -> None:
    """Refuse a helper who works outside the pairing area of one of the persons."""
    memberships = list(
        scoping.memberships_in_force().filter(user=helper).select_related("org_unit")
    )
    areas = pairing_areas({p.org_unit for p in persons})
    for person in persons:
        if not helper.is_active or not _may_be_paired_in(memberships, areas[person.org_unit_id]):
            raise ValidationFailed(
                _("%(helper)s does not work in %(area)s and cannot be paired with %(name)s.")
                % {
                    "helper": helper.get_full_name(),
                    "area": areas[person.org_unit_id].name,
                    "name": person.name,
                },
                field="helper",
            )


def _duplicate_error(helper_name: str, role: str, names: Iterable[str]) -> ValidationFailed:
    return ValidationFailed(
        _("%(helper)s is paired with %(names)s as %(role)s already.")
        % {
            "helper": helper_name,
            "names": "、".join(sorted(names)),
            "role": HelperRole(role).label,
        },
        field="helper",
    )


def _start(
    acting_user: User,
    persons: Sequence[Person],
    *,
    helper: User | None,
    buddy_name: str,
    role: str,
    started_on: date,
    note: str,
) -> list[Pairing]:
    buddy_name, note = _clean_input(
        helper=helper, buddy_name=buddy_name, role=role, started_on=started_on, note=note
    )
    persons = list({p.pk: p for p in persons}.values())
    _require_may_pair(acting_user, persons)
    if helper is not None:
        _require_eligible(helper, persons)
    who = helper.get_full_name() if helper is not None else buddy_name
    open_now = Pairing.objects.filter(
        person__in=persons, role=role, ended_on__isnull=True
    ).select_related("person")
    if helper is not None:
        open_now = open_now.filter(helper=helper)
    else:
        open_now = open_now.filter(helper__isnull=True, buddy_name=buddy_name)
    taken = [p.person.name for p in open_now]
    if taken:
        raise _duplicate_error(who, role, taken)
    try:
        # A savepoint: a pairing made at the same moment by someone else breaks the unique
        # constraint, and the whole request is refused with the same message.
        with transaction.atomic():
            return [
                Pairing.objects.create(
                    person=person,
                    helper=helper,
                    buddy_name=buddy_name,
                    role=role,
                    started_on=started_on,
                    note=note,
                    created_by=acting_user,
                )
                for person in persons
            ]
    except IntegrityError:
        raise _duplicate_error(who, role, [p.name for p in persons]) from None


@transaction.atomic
def pairing_start(
    *,
    acting_user: User,
    person: Person,
    role: str,
    started_on: date,
    helper: User | None = None,
    buddy_name: str = "",
    note: str = "",
) -> Pairing:
    """Pair a helper (an account, or a study buddy by name) with a person from a date."""
    [pairing] = _start(
        acting_user,
        [person],
        helper=helper,
        buddy_name=buddy_name,
        role=role,
        started_on=started_on,
        note=note,
    )
    return pairing


@transaction.atomic
def pairings_start_bulk(
    *,
    acting_user: User,
    persons: Sequence[Person],
    helper: User,
    role: str,
    started_on: date,
    note: str = "",
) -> list[Pairing]:
    """Pair one helper in one role with a group of persons (a teacher takes a group).

    All or nothing: one person who cannot be paired refuses the whole group, with the
    reason, so that the clerk corrects the selection and sends it again.
    """
    if not persons:
        raise ValidationFailed(_("Tick the persons to pair."), field="persons")
    if len(persons) > BULK_LIMIT:
        raise ValidationFailed(
            _("Pair at most %(limit)s persons at once.") % {"limit": BULK_LIMIT}, field="persons"
        )
    return _start(
        acting_user,
        persons,
        helper=helper,
        buddy_name="",
        role=role,
        started_on=started_on,
        note=note,
    )


@transaction.atomic
def pairings_accept(
    *,
    acting_user: User,
    proposals: Sequence[tuple[Person, User, str]],
    started_on: date,
) -> list[Pairing]:
    """Start the proposed pairings (person, helper, role) that the worker accepted."""
    if not proposals:
        raise ValidationFailed(_("Tick the proposals to accept."), field="proposals")
    if len(proposals) > BULK_LIMIT:
        raise ValidationFailed(
            _("Pair at most %(limit)s persons at once.") % {"limit": BULK_LIMIT},
            field="proposals",
        )
    groups: dict[tuple[int, str], tuple[User, list[Person]]] = {}
    for person, helper, role in proposals:
        groups.setdefault((helper.pk, role), (helper, []))[1].append(person)
    made: list[Pairing] = []
    for (_pk, role), (helper, persons) in groups.items():
        made += _start(
            acting_user,
            persons,
            helper=helper,
            buddy_name="",
            role=role,
            started_on=started_on,
            note="",
        )
    return made


@transaction.atomic
def pairing_end(*, acting_user: User, pairing: Pairing, ended_on: date, reason: str) -> Pairing:
    """End a pairing on a date with a reason; it stays in the person's history."""
    pairing = (
        Pairing.objects.select_for_update(of=("self",))
        .select_related("person__org_unit", "helper")
        .get(pk=pairing.pk)
    )
    if not can_edit_roster_of(acting_user, pairing.person.org_unit):
        raise PermissionRefused(
            _("You may not end pairings of persons of %(unit)s.")
            % {"unit": pairing.person.org_unit.name}
        )
    if pairing.ended_on is not None:
        raise ValidationFailed(_("This pairing has ended already."), field="ended_on")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Enter why the pairing ends."), field="end_reason")
    within(reason, REASON_LENGTH, field="end_reason")
    if ended_on < pairing.started_on:
        raise ValidationFailed(
            _("The end date is before the pairing began (%(start)s).")
            % {"start": pairing.started_on.isoformat()},
            field="ended_on",
        )
    if ended_on > timezone.localdate():
        raise ValidationFailed(_("The end date is in the future."), field="ended_on")
    pairing.ended_on = ended_on
    pairing.end_reason = reason
    pairing.save(update_fields=["ended_on", "end_reason"])
    return pairing


# --- Reads ----------------------------------------------------------------------------


def pairings_visible(user: AnyUser) -> QuerySet[Pairing]:
    """Return the pairings of the persons the user may read, newest first."""
    return Pairing.objects.filter(scoping.persons_q(user, "person__")).select_related(
        "person", "person__org_unit", "helper"
    )


def access_pairing(user: AnyUser, pk: int) -> Pairing:
    """Return a pairing of a person the user may read, or raise Http404."""
    return get_object_or_404(pairings_visible(user), pk=pk)


def pairings_search(
    user: AnyUser,
    *,
    person_id: int | None = None,
    helper_id: int | None = None,
    is_open: bool | None = None,
) -> QuerySet[Pairing]:
    """Return the visible pairings of a person, of a helper, open or ended."""
    pairings = pairings_visible(user)
    if person_id is not None:
        pairings = pairings.filter(person_id=person_id)
    if helper_id is not None:
        pairings = pairings.filter(helper_id=helper_id)
    if is_open is not None:
        pairings = pairings.filter(ended_on__isnull=is_open)
    return pairings.order_by("-started_on", "-pk")


def person_pairings(person: Person) -> tuple[list[Pairing], list[Pairing]]:
    """Return a person's current pairings and the ended ones (latest ended first)."""
    pairings = list(Pairing.objects.filter(person=person).select_related("helper", "created_by"))
    current = [p for p in pairings if p.ended_on is None]
    ended = sorted(
        (p for p in pairings if p.ended_on is not None),
        key=lambda p: (p.ended_on, p.pk),
        reverse=True,
    )
    return current, ended
