"""Enrolment by priority, the waiting list, and attendance.

Every change of an event's lists runs ``priority.allocate`` over everyone still in the
running (enrolled or waiting) under a lock on the event's row, so two teachers enrolling
at once cannot give away the same place. A person enrolled later but ranked higher takes
the place of the lowest-ranked one, who goes to the head of the waiting list; a
cancellation gives the place to the first one waiting. Each step returns who moved, so
that the page can say it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.scoping import Actor
from guanai.activities.events import priority
from guanai.activities.events.access import require_attendance, require_manage
from guanai.activities.models.events import (
    Attendance,
    CategoryPriority,
    Enrolment,
    EnrolmentState,
    Event,
    EventStatus,
)
from guanai.core.actors import SystemActor, account_of
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person, PersonCategory

ACTIVE = (EnrolmentState.ENROLLED, EnrolmentState.WAITING)


@dataclass
class Moves:
    """Who an enrolment step placed, put on the waiting list, or moved between them."""

    enrolled: list[Person] = field(default_factory=list)
    waiting: list[Person] = field(default_factory=list)
    already: list[Person] = field(default_factory=list)
    moved_up: list[Person] = field(default_factory=list)
    moved_down: list[Person] = field(default_factory=list)


def unit_ranks(unit: OrgUnit) -> dict[str, int]:
    """Return the order of categories that applies in ``unit``: its own, else the nearest
    unit's above it that set one, else the default (one query)."""
    rows = CategoryPriority.objects.filter(org_unit__path__in=unit.ancestor_paths()).values_list(
        "org_unit__path", "category", "rank"
    )
    if not rows:
        return priority.default_ranks()
    deepest = max(path for path, _c, _r in rows)
    return {category: rank for path, category, rank in rows if path == deepest}


def current_categories(person_ids: Iterable[int]) -> dict[int, list[str]]:
    today = timezone.localdate()
    found: dict[int, list[str]] = {}
    rows = PersonCategory.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        person_id__in=list(person_ids),
        started_on__lte=today,
    ).values_list("person_id", "category")
    for person_id, category in rows:
        found.setdefault(person_id, []).append(category)
    return found


def enrollable_persons(acting_user: Actor, event: Event) -> Q:
    """Return the filter for the persons ``acting_user`` may enrol in ``event``: on their
    roster, in the event's unit's subtree, not archived."""
    q = subtree_q([event.org_unit], field="org_unit__path") & Q(archived_at__isnull=True)
    if isinstance(acting_user, SystemActor):
        return q
    return q & scoping.roster_persons_q(acting_user)


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("org_unit").get(pk=event.pk)


def reallocate(event: Event) -> tuple[list[Person], list[Person]]:
    """Give the event's places again by priority; return who moved up and who moved down.

    The caller holds the event's row lock (inside its transaction).
    """
    if event.status == EventStatus.CANCELLED:
        # A cancelled event's lists stay as they were, for the record.
        return [], []
    active = list(Enrolment.objects.filter(event=event, state__in=ACTIVE).select_related("person"))
    allocation = priority.allocate(
        [priority.Candidate(e.person_id, e.priority_rank, e.position) for e in active],
        event.capacity,
    )
    enrolled = set(allocation.enrolled)
    up: list[Enrolment] = []
    down: list[Enrolment] = []
    for enrolment in active:
        wanted = (
            EnrolmentState.ENROLLED if enrolment.person_id in enrolled else EnrolmentState.WAITING
        )
        if enrolment.state != wanted:
            (up if wanted == EnrolmentState.ENROLLED else down).append(enrolment)
            enrolment.state = wanted
            enrolment.save(update_fields=["state", "changed_at"])
    return [e.person for e in up], [e.person for e in down]


@transaction.atomic
def enrol_persons(*, acting_user: Actor, event: Event, persons: Iterable[Person]) -> Moves:
    """Enrol ``persons`` in ``event``: places by priority, the others wait.

    Persons already enrolled or waiting are left as they are (``Moves.already``); a person
    who had cancelled joins again at the end of their rank.
    """
    require_manage(acting_user, event.org_unit)
    event = _lock(event)
    if event.status == EventStatus.CANCELLED:
        raise ValidationFailed(_("This event is cancelled: no one can be enrolled."))
    chosen = {p.pk: p for p in persons}
    allowed = set(
        Person.objects.filter(
            enrollable_persons(acting_user, event), pk__in=list(chosen)
        ).values_list("pk", flat=True)
    )
    refused = [p for pk, p in chosen.items() if pk not in allowed]
    if refused:
        raise ValidationFailed(
            _("%(names)s cannot be enrolled in this event: not on your roster in %(unit)s.")
            % {"names": "、".join(p.name for p in refused), "unit": event.org_unit.name}
        )
    existing = {e.person_id: e for e in Enrolment.objects.filter(event=event, person__in=allowed)}
    moves = Moves(already=[chosen[pk] for pk, e in existing.items() if e.state in ACTIVE])
    new = [p for pk, p in chosen.items() if pk not in existing or existing[pk].state not in ACTIVE]
    ranks = unit_ranks(event.org_unit)
    categories = current_categories(p.pk for p in new)
    ranked = sorted(
        new, key=lambda p: (priority.rank_of(categories.get(p.pk, []), ranks), p.name_sort, p.pk)
    )
    last = Enrolment.objects.filter(event=event).aggregate(m=Max("position"))["m"] or 0
    by = account_of(acting_user)
    for offset, person in enumerate(ranked, start=1):
        rank = priority.rank_of(categories.get(person.pk, []), ranks)
        enrolment = existing.get(person.pk) or Enrolment(event=event, person=person)
        enrolment.state = EnrolmentState.WAITING
        enrolment.position = last + offset
        enrolment.priority_rank = rank
        enrolment.enrolled_by = by
        enrolment.save()
    up, down = reallocate(event)
    new_ids = {p.pk for p in new}
    moves.enrolled = [p for p in ranked if p in up]
    moves.waiting = [p for p in ranked if p not in up]
    moves.moved_down = [p for p in down if p.pk not in new_ids]
    return moves


@transaction.atomic
def enrol_class(
    *, acting_user: Actor, event: Event, school: OrgUnit, grade: str, class_name: str
) -> Moves:
    """Enrol a whole class in one step (priority decides who gets places)."""
    persons = list(
        Person.objects.filter(
            enrollable_persons(acting_user, event),
            school=school,
            grade=grade,
            class_name=class_name,
        )
    )
    if not persons:
        raise ValidationFailed(_("No one on your roster is in this class."), field="klass")
    return enrol_persons(acting_user=acting_user, event=event, persons=persons)


@transaction.atomic
def enrolment_cancel(*, acting_user: Actor, event: Event, person: Person) -> list[Person]:
    """Cancel a person's place or waiting; return who moved up into a freed place."""
    require_manage(acting_user, event.org_unit)
    event = _lock(event)
    enrolment = Enrolment.objects.filter(event=event, person=person, state__in=ACTIVE).first()
    if enrolment is None:
        raise ValidationFailed(_("%(name)s is not enrolled in this event.") % {"name": person})
    enrolment.state = EnrolmentState.CANCELLED
    enrolment.save(update_fields=["state", "changed_at"])
    up, _down = reallocate(event)
    return up


@transaction.atomic
def attendance_mark(
    *, acting_user: Actor, event: Event, person: Person, present: bool
) -> Attendance:
    """Record whether an enrolled person came (one tap; a second tap corrects it)."""
    require_attendance(acting_user, event)
    if event.status == EventStatus.CANCELLED:
        raise ValidationFailed(_("This event is cancelled: there is no attendance to take."))
    if timezone.localdate(event.starts_at) > timezone.localdate():
        raise ValidationFailed(_("Attendance is taken from the day of the event."))
    if not Enrolment.objects.filter(
        event=event, person=person, state=EnrolmentState.ENROLLED
    ).exists():
        raise ValidationFailed(_("%(name)s is not enrolled in this event.") % {"name": person.name})
    attendance, _created = Attendance.objects.update_or_create(
        event=event,
        person=person,
        defaults={"present": present, "marked_by": account_of(acting_user)},
    )
    return attendance
