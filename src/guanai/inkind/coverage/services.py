"""Targets of a unit (set, changed, archived by a leader over it) and the one-click request
for a person found eligible but not served.

* ``target_create`` / ``target_update``: a title (required, within its column), a service of
  the catalogue in use, years from 2000 to 2100, the last not before the first and at most
  ten years in all, a measure; a count needs a goal of at least one person (every eligible
  person served needs none, and keeps none). Only a leader of the unit or above
  (``access.require_set_targets``). A change carries the version the form was opened at.
* ``target_archive``: the target leaves the lists and reports; it is never deleted.
* ``request_for_not_served``: a request with the source "eligible but not served",
  through ``applications.application_create`` (its rules: who may ask, one open request).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits
from guanai.inkind import access
from guanai.inkind.applications import application_create
from guanai.inkind.models import Application, ApplicationSource, Measure, Service, Target
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_SPAN = 10
MAX_GOAL = 1_000_000
STALE_FIELDS = ("title", "service", "start_year", "end_year", "measure", "goal", "archived_at")


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


@transaction.atomic
def target_create(user: Actor, *, unit: OrgUnit, data: TargetData) -> Target:
    """Set a target of ``unit`` (a leader of the unit or above)."""
    access.require_set_targets(user, unit)
    clean = target_clean(data)
    return Target.objects.create(org_unit=unit, created_by=account_of(user), **vars(clean))


def _lock(user: Actor, target: Target, version: int) -> Target:
    current = (
        Target.objects.select_for_update().select_related("org_unit", "service").get(pk=target.pk)
    )
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
    return current


@transaction.atomic
def target_update(user: Actor, target: Target, *, version: int, data: TargetData) -> Target:
    """Change a target's title, service, years, measure, goal or note."""
    current = _lock(user, target, version)
    for name, value in vars(target_clean(data)).items():
        setattr(current, name, value)
    bump(current)
    current.save()
    return current


@transaction.atomic
def target_archive(user: Actor, target: Target, *, version: int) -> Target:
    """Archive a target: it leaves the lists and the reports, and is kept."""
    current = _lock(user, target, version)
    current.archived_at = timezone.now()
    bump(current)
    current.save(update_fields=["archived_at", "version"])
    return current


def request_for_not_served(user: Actor, *, person: Person, service: Service) -> Application:
    """Ask for ``service`` for a person found on the not-served list, in one click."""
    return application_create(
        user,
        person=person,
        service=service,
        source=ApplicationSource.SCREENING,
        reason=_("Found on the list of persons eligible but not served."),
    )
