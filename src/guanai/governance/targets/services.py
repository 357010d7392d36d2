"""Set, change and archive a unit's multi-year targets; enter the figures of those the data
does not decide.

* ``target_create`` / ``target_update`` (a leader of the unit or above,
  ``access.require_lead``): a title (required, within its column); where the figure comes
  from — entered by hand, or a source registered for the form (a rate KPI), whose kind of
  figure and direction then apply; years from 2000 to 2100, the final not before the base
  and at most ten in all; a goal within the kind of figure (a percentage 0–100, a count
  from 0 to a billion), an optional baseline which the goal may not fall behind; milestones
  for the years before the final one (the final year's is the goal), each between the
  baseline and the goal and none going back. A change carries the version the form was
  opened at. A target of a source not on the form (a service target of ``inkind``) is set
  and changed on its own page only.
* ``target_archive``: the target leaves the lists and panels; it is never deleted.
* ``entry_add`` (a leader or worker of the unit or above, ``access.require_manage``): a
  figure for a year of an entered target up to this year, with its evidence; every entry
  is kept, the latest of a year counts. A computed target takes no entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits
from guanai.governance import access
from guanai.governance.extensions import target_sources
from guanai.governance.models import Direction, Milestone, Target, TargetEntry, ValueKind
from guanai.governance.targets.progress import reaches
from guanai.orgs.models import OrgUnit

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_SPAN = 10
# The largest figure of each kind of figure.
MOST = {ValueKind.PERCENT: Decimal(100), ValueKind.COUNT: Decimal(1_000_000_000)}
STALE_FIELDS = (
    "title",
    "source",
    "value_kind",
    "direction",
    "base_year",
    "final_year",
    "baseline",
    "goal",
    "note",
    "archived_at",
)


@dataclass
class TargetData:
    title: str
    base_year: int
    final_year: int
    goal: Decimal | None
    # A registered source's code, or "" for figures entered by hand.
    source: str = ""
    value_kind: str = ValueKind.PERCENT
    direction: str = Direction.UP
    baseline: Decimal | None = None
    milestones: dict[int, Decimal] = field(default_factory=dict)
    note: str = ""


def _year(value: int, name: str) -> int:
    if type(value) is not int or not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationFailed(
            _("Enter a year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field=name,
        )
    return value


def _figure(value: Decimal, kind: str, name: str) -> Decimal:
    """Return a figure within its kind's bounds (two decimals at most), or refuse it."""
    most = MOST[ValueKind(kind)]
    if not value.is_finite() or not 0 <= value <= most or value != value.quantize(Decimal("0.01")):
        if kind == ValueKind.PERCENT:
            message = _("Enter a percentage from 0 to 100, with at most two decimals.")
        else:
            message = _("Enter a number from 0 to %(most)s, with at most two decimals.") % {
                "most": f"{most:,}"
            }
        raise ValidationFailed(message, field=name)
    return value.quantize(Decimal("0.01"))  # as the column keeps it


def _source(code: str) -> tuple[str, str | None, str | None]:
    """Return the source's code with its kind of figure and direction (None, None when
    entered), or refuse a source that is unknown or not offered on the form."""
    if not code:
        return "", None, None
    source = target_sources().get(code)
    if source is None or not source.on_form:
        raise ValidationFailed(_("Choose where the figures come from."), field="source")
    return code, source.value_kind, source.direction


def _milestones(clean: TargetData) -> dict[int, Decimal]:
    """Return the milestones checked against the years, the baseline and the goal."""
    found: dict[int, Decimal] = {}
    previous = clean.baseline
    for year in sorted(clean.milestones):
        if type(year) is not int or not clean.base_year <= year < clean.final_year:
            raise ValidationFailed(
                _(
                    "A milestone's year runs from %(first)s to %(last)s; the final year's "
                    "milestone is the goal."
                )
                % {"first": clean.base_year, "last": clean.final_year - 1},
                field="milestones",
            )
        value = _figure(clean.milestones[year], clean.value_kind, "milestones")
        back = previous is not None and not reaches(value, previous, clean.direction)
        if back or (clean.goal is not None and not reaches(clean.goal, value, clean.direction)):
            raise ValidationFailed(
                _(
                    "The milestone of %(year)s must lie between the baseline and the goal, "
                    "and not behind the year before."
                )
                % {"year": year},
                field="milestones",
            )
        found[year] = value
        previous = value
    return found


def target_clean(data: TargetData) -> TargetData:
    """Return the target's fields checked, or raise ValidationFailed naming the field."""
    title = data.title.strip()
    if not title:
        raise ValidationFailed(_("Enter the target's title."), field="title")
    title = fits(title, Target, "title")
    note = fits(data.note.strip(), Target, "note")
    source, kind, direction = _source(data.source)
    kind = kind or data.value_kind
    direction = direction or data.direction
    if kind not in ValueKind.values:
        raise ValidationFailed(_("Choose the kind of figure."), field="value_kind")
    if direction not in Direction.values:
        raise ValidationFailed(_("Choose when the target is reached."), field="direction")
    base = _year(data.base_year, "base_year")
    final = _year(data.final_year, "final_year")
    if final < base:
        raise ValidationFailed(
            _("The final year cannot be before the base year."), field="final_year"
        )
    if final - base + 1 > MAX_SPAN:
        raise ValidationFailed(
            _("A target spans at most %(years)s years.") % {"years": MAX_SPAN},
            field="final_year",
        )
    if data.goal is None:
        raise ValidationFailed(_("Enter the goal."), field="goal")
    goal = _figure(data.goal, kind, "goal")
    baseline = None if data.baseline is None else _figure(data.baseline, kind, "baseline")
    if baseline is not None and not reaches(goal, baseline, direction):
        raise ValidationFailed(
            _(
                "The goal cannot be behind the baseline: a figure to raise needs a goal at "
                "or above it, a figure to lower one at or below it."
            ),
            field="goal",
        )
    clean = TargetData(
        title=title,
        base_year=base,
        final_year=final,
        goal=goal,
        source=source,
        value_kind=kind,
        direction=direction,
        baseline=baseline,
        note=note,
    )
    clean.milestones = _milestones(
        TargetData(**{**vars(clean), "milestones": dict(data.milestones)})
    )
    return clean


def _fields(clean: TargetData) -> dict[str, object]:
    values = dict(vars(clean))
    del values["milestones"]
    return values


def _set_milestones(target: Target, milestones: dict[int, Decimal]) -> None:
    target.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(target=target, year=year, value=value) for year, value in milestones.items()
    )


def _on_own_page(target: Target) -> None:
    """Refuse a change here to a target of a source set on its own page (a service's)."""
    source = target_sources().get(target.source) if target.source else None
    if target.source and (source is None or not source.on_form):
        raise ValidationFailed(_("This target is set and changed on its own page."))


@transaction.atomic
def target_create(user: Actor, *, unit: OrgUnit, data: TargetData) -> Target:
    """Set a target of ``unit`` (a leader of the unit or above)."""
    access.require_lead(user, unit)
    clean = target_clean(data)
    target = Target.objects.create(org_unit=unit, created_by=account_of(user), **_fields(clean))
    _set_milestones(target, clean.milestones)
    return target


def _lock(user: Actor, target: Target, version: int) -> Target:
    current = Target.objects.select_for_update().select_related("org_unit").get(pk=target.pk)
    access.require_lead(user, current.org_unit)
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
    """Change a target's title, source, years, figures, milestones or note."""
    current = _lock(user, target, version)
    _on_own_page(current)
    clean = target_clean(data)
    for name, value in _fields(clean).items():
        setattr(current, name, value)
    bump(current)
    current.save()
    _set_milestones(current, clean.milestones)
    return current


@transaction.atomic
def target_archive(user: Actor, target: Target, *, version: int) -> Target:
    """Archive a target: it leaves the lists and the panels, and is kept."""
    current = _lock(user, target, version)
    _on_own_page(current)
    current.archived_at = timezone.now()
    bump(current)
    current.save(update_fields=["archived_at", "version"])
    return current


@transaction.atomic
def entry_add(
    user: Actor,
    target: Target,
    *,
    year: int,
    value: Decimal | None,
    evidence: str,
    today: date | None = None,
) -> TargetEntry:
    """Enter an entered target's figure for a year, with its evidence (a leader or worker
    of the unit or above); the earlier entries of the year are kept as its history."""
    current = Target.objects.select_for_update().select_related("org_unit").get(pk=target.pk)
    access.require_manage(user, current.org_unit)
    if current.source:
        raise ValidationFailed(
            _("This target's figure is computed from the data; it cannot be entered.")
        )
    if current.archived_at is not None:
        raise ValidationFailed(_("This target is archived; it cannot be changed."))
    this_year = (today or timezone.localdate()).year
    last = min(current.final_year, this_year)
    if type(year) is not int or not current.base_year <= year <= last:
        raise ValidationFailed(
            _("Enter a year of the target from %(first)s to %(last)s.")
            % {"first": current.base_year, "last": last}
            if current.base_year <= last
            else _("The target has not begun; its figures are entered from %(first)s.")
            % {"first": current.base_year},
            field="year",
        )
    if value is None:
        raise ValidationFailed(_("Enter the figure."), field="value")
    figure = _figure(value, current.value_kind, "value")
    evidence = evidence.strip()
    if not evidence:
        raise ValidationFailed(
            _("Say where the figure comes from (a report, a count, a visit)."), field="evidence"
        )
    return TargetEntry.objects.create(
        target=current,
        year=year,
        value=figure,
        evidence=fits(evidence, TargetEntry, "evidence"),
        entered_by=account_of(user),
    )
