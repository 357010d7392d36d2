"""Writes of events: create, edit, and a unit's order of categories for places.

Enrolment and attendance are in ``enrolment``. Every change is audited by django-auditlog
(the app registers all its models).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.accounts.scoping import Actor
from guanai.activities.events.access import HELPER_ROLES, helpers_offered, require_manage
from guanai.activities.models.events import (
    CategoryPriority,
    Event,
    EventKind,
    EventStatus,
)
from guanai.activities.models.plans import PlanItem, PlanStatus
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits, within
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category

NOTES_MAX = 2000
CLASS_MAX = 40
CLASSES_MAX = 30
# More places than any school or township holds persons: a typing slip, not an event.
CAPACITY_MAX = 10000


@dataclass
class EventData:
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    target_categories: Sequence[str] = ()
    target_classes: Sequence[str] = ()
    capacity: int | None = None
    status: str = EventStatus.DRAFT
    notes: str = ""
    helpers: Sequence[User] = field(default_factory=list)


def event_data_clean(data: EventData) -> EventData:
    """Return ``data`` checked and tidied; refuse what cannot be stored as it was written."""
    title = " ".join(data.title.split())
    if not title:
        raise ValidationFailed(_("Give the event a title."), field="title")
    fits(title, Event, "title")
    fits(data.place.strip(), Event, "place")
    within(data.notes, NOTES_MAX, field="notes")
    if data.kind not in EventKind.values:
        raise ValidationFailed(_("Choose a kind of event from the list."), field="kind")
    if data.status not in EventStatus.values:
        raise ValidationFailed(_("Choose a status from the list."), field="status")
    if data.starts_at.tzinfo is None or data.ends_at.tzinfo is None:
        raise TypeError("event times must be timezone-aware")
    if data.ends_at < data.starts_at:
        raise ValidationFailed(_("The event cannot end before it starts."), field="ends_at")
    if data.capacity is not None and data.capacity < 1:
        raise ValidationFailed(
            _("Give at least one place, or leave it empty for no limit."), field="capacity"
        )
    if data.capacity is not None and data.capacity > CAPACITY_MAX:
        raise ValidationFailed(
            _("Give at most %(count)s places, or leave it empty for no limit.")
            % {"count": CAPACITY_MAX},
            field="capacity",
        )
    unknown = [c for c in data.target_categories if c not in Category.values]
    if unknown:
        raise ValidationFailed(
            _("Unknown category: %(codes)s.") % {"codes": "、".join(unknown)},
            field="target_categories",
        )
    classes = list(dict.fromkeys(" ".join(c.split()) for c in data.target_classes if c.strip()))
    if len(classes) > CLASSES_MAX:
        raise ValidationFailed(
            _("Name at most %(count)s classes.") % {"count": CLASSES_MAX}, field="target_classes"
        )
    for name in classes:
        within(name, CLASS_MAX, field="target_classes")
    for helper in data.helpers:
        if not {m.role for m in helper.memberships.all()} & HELPER_ROLES:
            raise ValidationFailed(
                _("%(name)s holds no role that may serve an event.") % {"name": helper},
                field="helpers",
            )
    return EventData(
        title=title,
        kind=data.kind,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=data.place.strip(),
        target_categories=list(dict.fromkeys(data.target_categories)),
        target_classes=classes,
        capacity=data.capacity,
        status=data.status,
        notes=data.notes.strip(),
        helpers=list(data.helpers),
    )


def _apply(event: Event, data: EventData) -> None:
    event.title = data.title
    event.kind = data.kind
    event.starts_at = data.starts_at
    event.ends_at = data.ends_at
    event.place = data.place
    event.target_categories = list(data.target_categories)
    event.target_classes = list(data.target_classes)
    event.capacity = data.capacity
    event.status = data.status
    event.notes = data.notes


def check_plan_item(plan_item: PlanItem | None) -> None:
    """Refuse to make an event from an item of a plan not yet published: a draft's items
    may still change or go (the plan page offers "安排活动" on a published plan only)."""
    if plan_item is not None and plan_item.plan.status != PlanStatus.PUBLISHED:
        raise ValidationFailed(
            _("Publish the plan before you arrange its activities as events."),
            field="plan_item",
        )


@transaction.atomic
def event_create(
    *,
    acting_user: Actor,
    org_unit: OrgUnit,
    data: EventData,
    plan_item: PlanItem | None = None,
) -> Event:
    """Create an event held by ``org_unit``; the acting user is its organiser. An event
    made from a plan's item (``plan_item``, read through ``plans.access_plan_item``)
    keeps the link, so the plan shows what became of it."""
    require_manage(acting_user, org_unit)
    data = event_data_clean(data)
    check_plan_item(plan_item)
    event = Event(org_unit=org_unit, organiser=account_of(acting_user), plan_item=plan_item)
    _apply(event, data)
    event.save()
    event.helpers.set(data.helpers)
    return event


@transaction.atomic
def event_update(*, acting_user: Actor, event: Event, data: EventData, version: int) -> Event:
    """Save an edited event opened at ``version``; a smaller capacity or a cancellation
    reshuffles the lists (``enrolment.reallocate``)."""
    from guanai.activities.events.enrolment import reallocate

    require_manage(acting_user, event.org_unit)
    current = Event.objects.select_for_update().select_related("org_unit").get(pk=event.pk)
    refuse_stale(
        current,
        version,
        message=_(
            "Someone changed this event after you opened it (%(fields)s). Reload it and "
            "make your change again."
        ),
        fields=["title", "kind", "starts_at", "ends_at", "place", "capacity", "status"],
    )
    data = event_data_clean(data)
    _apply(current, data)
    bump(current)
    current.save()
    current.helpers.set([*data.helpers, *_helpers_unseen(acting_user, current)])
    reallocate(current)
    return current


def _helpers_unseen(acting_user: Actor, event: Event) -> list[User]:
    """Return the event's helpers the editor is not offered (named by another app, e.g. the
    volunteers a group signed up for a visit): the form and the API cannot show them, so an
    edit keeps them rather than drop them unseen."""
    if not isinstance(acting_user, User):
        return []
    offered = helpers_offered(acting_user).values("pk")
    return list(event.helpers.exclude(pk__in=offered))


@transaction.atomic
def category_priority_set(
    *, acting_user: Actor, org_unit: OrgUnit, order: Sequence[str]
) -> list[CategoryPriority]:
    """Set the unit's order of categories for places (first is served first); an empty
    ``order`` goes back to the order of the unit above, or the default."""
    require_manage(acting_user, org_unit)
    unknown = [c for c in order if c not in Category.values]
    if unknown:
        raise ValidationFailed(
            _("Unknown category: %(codes)s.") % {"codes": "、".join(unknown)}, field="order"
        )
    if len(set(order)) != len(order):
        raise ValidationFailed(_("Name each category once."), field="order")
    CategoryPriority.objects.filter(org_unit=org_unit).delete()
    return CategoryPriority.objects.bulk_create(
        CategoryPriority(org_unit=org_unit, category=code, rank=rank)
        for rank, code in enumerate(order, start=1)
    )
