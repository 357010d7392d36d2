"""Targets of a unit (set, changed, archived by a leader over it) and the one-click request
for a person found eligible but not served.

* ``target_create`` / ``target_update``: a title (required, within its column), a service of
  the catalogue in use, years from 2000 to 2100, the last not before the first and at most
  ten years in all, a measure; a count needs a goal of at least one person (every eligible
  person served needs none, and keeps none). Only a leader of the unit or above
  (``access.require_set_targets``). A change carries the version the form was opened at.
* ``target_archive``: the target leaves the lists and reports; it is never deleted.

A service target is a multi-year target of the work organisation (``governance.Target``,
locked and versioned there) with its service (``ServiceTarget``): the measure is the
target's source (``inkind.all_served``, a percentage whose goal is 100; ``inkind.count``,
the persons to serve), the years its base and final years, rising from a baseline of 0.
* ``request_for_not_served``: a request with the source "eligible but not served",
  through ``applications.application_create`` (its rules: who may ask, one open request).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits
from guanai.governance.models import Direction, Target, ValueKind
from guanai.inkind import access
from guanai.inkind.applications import application_create
from guanai.inkind.models import (
    SOURCE_PREFIX,
    Application,
    ApplicationSource,
    Measure,
    Service,
    ServiceTarget,
)
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_SPAN = 10
MAX_GOAL = 1_000_000
# The target's fields a stale form names (a change of service bumps the target too).
STALE_FIELDS = ("title", "source", "base_year", "final_year", "goal", "note", "archived_at")


@dataclass
class TargetData:
    service: Service
    title: str
    start_year: int
    end_year: int
    measure: str
    goal: int | None = None
    note: str = ""


def _year(value: int, field: str) -> int:
    if type(value) is not int or not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationFailed(
            _("Enter a year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field=field,
        )
    return value


def target_clean(data: TargetData) -> TargetData:
    """Return the target's fields checked, or raise ValidationFailed naming the field."""
    title = data.title.strip()
    if not title:
        raise ValidationFailed(_("Enter the target's title."), field="title")
    if not data.service.active:
        raise ValidationFailed(
            _("“%(name)s” is no longer offered.") % {"name": data.service.name}, field="service"
        )
    start = _year(data.start_year, "start_year")
    end = _year(data.end_year, "end_year")
    if end < start:
        raise ValidationFailed(
            _("The last year cannot be before the first year."), field="end_year"
        )
    if end - start + 1 > MAX_SPAN:
        raise ValidationFailed(
            _("A target spans at most %(years)s years.") % {"years": MAX_SPAN}, field="end_year"
        )
    if data.measure not in Measure.values:
        raise ValidationFailed(_("Choose how the target is measured."), field="measure")
    goal = None
    if data.measure == Measure.COUNT:
        if data.goal is None or type(data.goal) is not int or not 1 <= data.goal <= MAX_GOAL:
            raise ValidationFailed(
                _("Enter the number of persons to serve, from 1 to %(most)s.")
                % {"most": f"{MAX_GOAL:,}"},
                field="goal",
            )
        goal = data.goal
    return TargetData(
        service=data.service,
        title=fits(title, Target, "title"),
        start_year=start,
        end_year=end,
        measure=data.measure,
        goal=goal,
        note=data.note.strip(),
    )


def _target_fields(clean: TargetData) -> dict[str, object]:
    """Return the governance target's fields for the checked data."""
    every = clean.measure == Measure.ALL_SERVED
    return {
        "title": clean.title,
        "source": SOURCE_PREFIX + clean.measure,
        "value_kind": ValueKind.PERCENT if every else ValueKind.COUNT,
        "direction": Direction.UP,
        "base_year": clean.start_year,
        "final_year": clean.end_year,
        "baseline": Decimal(0),
        "goal": Decimal(100) if every else Decimal(clean.goal or 0),
        "note": clean.note,
    }


@transaction.atomic
def target_create(user: Actor, *, unit: OrgUnit, data: TargetData) -> ServiceTarget:
    """Set a target of ``unit`` for a service (a leader of the unit or above)."""
    access.require_set_targets(user, unit)
    clean = target_clean(data)
    target = Target.objects.create(
        org_unit=unit, created_by=account_of(user), **_target_fields(clean)
    )
    return ServiceTarget.objects.create(target=target, service=clean.service)


def _lock(user: Actor, target: ServiceTarget, version: int) -> ServiceTarget:
    current = Target.objects.select_for_update().select_related("org_unit").get(pk=target.pk)
    access.require_set_targets(user, current.org_unit)
    refuse_stale(
        current,
        version,
        message=_(
            "Someone changed this target after you opened it (%(fields)s); reload and try again."
        ),
        fields=STALE_FIELDS,
    )
    if current.archived_at is not None:
        raise ValidationFailed(_("This target is archived; it cannot be changed."))
    row = ServiceTarget.objects.select_related("service").get(pk=target.pk)
    row.target = current
    return row


@transaction.atomic
def target_update(
    user: Actor, target: ServiceTarget, *, version: int, data: TargetData
) -> ServiceTarget:
    """Change a target's title, service, years, measure, goal or note."""
    row = _lock(user, target, version)
    clean = target_clean(data)
    current = row.target
    for name, value in _target_fields(clean).items():
        setattr(current, name, value)
    bump(current)
    current.save()
    if row.service_id != clean.service.pk:
        row.service = clean.service
        row.save(update_fields=["service"])
    return row


@transaction.atomic
def target_archive(user: Actor, target: ServiceTarget, *, version: int) -> ServiceTarget:
    """Archive a target: it leaves the lists and the reports, and is kept."""
    row = _lock(user, target, version)
    current = row.target
    current.archived_at = timezone.now()
    bump(current)
    current.save(update_fields=["archived_at", "version"])
    return row


def request_for_not_served(user: Actor, *, person: Person, service: Service) -> Application:
    """Ask for ``service`` for a person found on the not-served list, in one click."""
    return application_create(
        user,
        person=person,
        service=service,
        source=ApplicationSource.SCREENING,
        reason=_("Found on the list of persons eligible but not served."),
    )
