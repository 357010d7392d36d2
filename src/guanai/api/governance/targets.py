"""Multi-year targets through the API, as the pages (``governance.targets``): a unit's
targets with their progress, one target's years and entries, set, changed and archived by
a leader over the unit, and the figures entered by a leader or worker.

Scoped as the pages: a unit or target outside the caller's scope is 404, a role that opens
no work-organisation page 403; the same services refuse bad input with 400 and change
nothing, a stale version 409.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    Text100,
    Text2000,
    UnitRefOut,
)
from guanai.api.types import Bool
from guanai.core.errors import PermissionRefused
from guanai.governance import access
from guanai.governance import selectors as unit_selectors
from guanai.governance.models import Direction, Target, TargetEntry, ValueKind
from guanai.governance.targets import selectors, services
from guanai.governance.targets.progress import TargetStatus, YearRow

router = Router(tags=["governance"])

# A figure, a milestone, a goal: within the column; the service checks the kind's bounds.
FigureIn = Annotated[Decimal, Field(ge=0, le=10**10, max_digits=12, decimal_places=2)]


class GovernanceTargetYearOut(Schema):
    year: int
    when: str = Field(description="past, current or future.")
    milestone: Decimal | None = Field(description="The figure to reach by the year's end.")
    figure: Decimal | None = Field(description="The data's or the latest entry's; none unknown.")
    reached: bool


class GovernanceTargetEntryOut(Schema):
    id: int
    year: int
    value: Decimal
    evidence: str
    entered_by: str
    entered_at: datetime


class GovernanceMilestoneIO(Schema):
    year: int = Field(ge=1, le=9999)
    value: FigureIn


class GovernanceTargetOut(Schema):
    id: int
    version: int
    unit: UnitRefOut
    title: str
    source: str = Field(description="The source the figures are computed from; empty: entered.")
    source_label: str
    value_kind: ValueKind
    direction: Direction
    base_year: int
    final_year: int
    baseline: Decimal | None
    goal: Decimal | None
    milestones: list[GovernanceMilestoneIO] = Field(
        description="The milestones set (the detail only)."
    )
    note: str
    archived: bool
    status: TargetStatus
    progress_bar: int | None = Field(description="Whole percent of the way to the goal.")
    this_year: GovernanceTargetYearOut
    years: list[GovernanceTargetYearOut] = Field(description="Every year (the detail only).")
    entries: list[GovernanceTargetEntryOut] = Field(
        description="Entered figures, newest first (detail)."
    )


class GovernanceTargetPage(Schema):
    items: list[GovernanceTargetOut]
    count: int


class GovernanceTargetQuery(Pages.Input):
    unit_id: Id | None = Field(None, description="Default: the caller's first unit.")
    archived: Bool = False


class GovernanceTargetIn(Schema):
    unit_id: Id
    title: Text100
    source: str = Field("", max_length=40, description="A source offered on the form, or ''.")
    value_kind: ValueKind = ValueKind.PERCENT
    direction: Direction = Direction.UP
    base_year: int = Field(ge=1, le=9999)
    final_year: int = Field(ge=1, le=9999)
    baseline: FigureIn | None = None
    goal: FigureIn
    milestones: list[GovernanceMilestoneIO] = Field(default_factory=list, max_length=20)
    note: Text2000 = ""


class GovernanceTargetPatchIn(Schema):
    version: int = Field(ge=1, le=2**31 - 1, description="The version read.")
    title: Text100 | None = None
    source: str | None = Field(None, max_length=40)
    value_kind: ValueKind | None = None
    direction: Direction | None = None
    base_year: int | None = Field(None, ge=1, le=9999)
    final_year: int | None = Field(None, ge=1, le=9999)
    baseline: FigureIn | None = None
    goal: FigureIn | None = None
    milestones: list[GovernanceMilestoneIO] | None = Field(None, max_length=20)
    note: Text2000 | None = None


class GovernanceTargetArchiveIn(Schema):
    version: int = Field(ge=1, le=2**31 - 1, description="The version read.")


class GovernanceTargetEntryIn(Schema):
    year: int = Field(ge=1, le=9999)
    value: FigureIn
    evidence: str = Field(max_length=500)


def _reader(request: HttpRequest) -> User:
    """The caller, if their roles open the work organisation (403 otherwise); an operation
    naming a target or a unit asks the scoped selectors instead, which answer 404."""
    user = acting_user(request)
    if not access.can_open(user):
        raise PermissionRefused(_("Targets are read by the leaders, workers, viewers and helpers."))
    return user


def _year_out(y: YearRow) -> GovernanceTargetYearOut:
    return GovernanceTargetYearOut(
        year=y.year, when=y.when, milestone=y.milestone, figure=y.figure, reached=y.reached
    )


def _entry_out(e: TargetEntry) -> GovernanceTargetEntryOut:
    by = e.entered_by
    return GovernanceTargetEntryOut(
        id=e.pk,
        year=e.year,
        value=e.value,
        evidence=e.evidence,
        entered_by=by.get_full_name() if by is not None else "",
        entered_at=e.entered_at,
    )


def _target_out(row: selectors.TargetRow, *, detail: bool) -> GovernanceTargetOut:
    t, progress = row.target, row.progress
    return GovernanceTargetOut(
        id=t.pk,
        version=t.version,
        unit=UnitRefOut(id=t.org_unit.pk, name=t.org_unit.name),
        title=t.title,
        source=t.source,
        source_label=str(row.source.label) if row.source else "",
        value_kind=ValueKind(t.value_kind),
        direction=Direction(t.direction),
        base_year=t.base_year,
        final_year=t.final_year,
        baseline=t.baseline,
        goal=t.goal,
        milestones=[
            GovernanceMilestoneIO(year=y, value=v)
            for y, v in sorted(progress.spec.milestones.items())
        ]
        if detail
        else [],
        note=t.note,
        archived=t.archived_at is not None,
        status=progress.status,
        progress_bar=progress.bar,
        this_year=_year_out(progress.shown),
        years=[_year_out(y) for y in progress.years] if detail else [],
        entries=[
            _entry_out(e)
            for e in t.entries.select_related("entered_by").order_by("-entered_at", "-pk")
        ]
        if detail and not t.source
        else [],
    )


def _detail(target: Target) -> GovernanceTargetOut:
    row = selectors.targets_with_progress([target], timezone.localdate())[0]
    return _target_out(row, detail=True)


@router.get(
    "/governance/targets", response={200: GovernanceTargetPage, **READ_ERRORS, 403: ErrorOut}
)
def target_list(
    request: HttpRequest, filters: Query[GovernanceTargetQuery]
) -> GovernanceTargetPage:
    """The targets of the unit and the units below it the caller reads, each with this
    year's figure against its milestone and its status."""
    if filters.unit_id is not None:
        user = acting_user(request)
        unit = unit_selectors.access_unit(user, filters.unit_id)
    else:
        user = _reader(request)
        own = scoping.units_for(user, access.READERS)
        if not own:
            raise PermissionRefused(_("Targets are read by the roles of a unit."))
        unit = own[0]
    found = selectors.targets_of(user, unit, archived=filters.archived)
    size = filters.page_size or Pages().page_size
    start = (filters.page - 1) * size
    rows = selectors.targets_with_progress(list(found[start : start + size]), timezone.localdate())
    return GovernanceTargetPage(
        items=[_target_out(r, detail=False) for r in rows], count=found.count()
    )


def _milestones(items: list[GovernanceMilestoneIO]) -> dict[int, Decimal]:
    return {m.year: m.value for m in items}


@router.post(
    "/governance/targets", response={201: GovernanceTargetOut, **WRITE_ERRORS, **AUTH_ERRORS}
)
def target_create(request: HttpRequest, payload: GovernanceTargetIn) -> Status:
    """Set a target of a unit the caller leads (or a unit below it)."""
    user = acting_user(request)
    unit = unit_selectors.access_unit(user, payload.unit_id)
    target = services.target_create(
        user,
        unit=unit,
        data=services.TargetData(
            title=payload.title,
            source=payload.source,
            value_kind=payload.value_kind.value,
            direction=payload.direction.value,
            base_year=payload.base_year,
            final_year=payload.final_year,
            baseline=payload.baseline,
            goal=payload.goal,
            milestones=_milestones(payload.milestones),
            note=payload.note,
        ),
    )
    return Status(201, _detail(target))


@router.get(
    "/governance/targets/{target_id}",
    response={200: GovernanceTargetOut, **READ_ERRORS, 403: ErrorOut},
)
def target_detail(request: HttpRequest, target_id: Id) -> GovernanceTargetOut:
    """The target with its years (milestone, figure, reached) and its entries."""
    user = acting_user(request)
    return _detail(selectors.access_target(user, target_id))


@router.patch(
    "/governance/targets/{target_id}",
    response={200: GovernanceTargetOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def target_update(
    request: HttpRequest, target_id: Id, payload: GovernanceTargetPatchIn
) -> GovernanceTargetOut:
    """Change what is sent of the target (a leader of its unit or above); the rest stays.
    ``milestones`` sent replaces them all."""
    user = acting_user(request)
    target = selectors.access_target(user, target_id)
    sent = payload.model_dump(exclude_unset=True)
    kept = dict(target.milestones.values_list("year", "value"))
    changed = services.target_update(
        user,
        target,
        version=payload.version,
        data=services.TargetData(
            title=sent["title"] if sent.get("title") is not None else target.title,
            source=sent["source"] if sent.get("source") is not None else target.source,
            value_kind=ValueKind(sent.get("value_kind") or target.value_kind).value,
            direction=Direction(sent.get("direction") or target.direction).value,
            base_year=sent.get("base_year") or target.base_year,
            final_year=sent.get("final_year") or target.final_year,
            baseline=sent.get("baseline", target.baseline),
            goal=sent["goal"] if sent.get("goal") is not None else target.goal,
            milestones=_milestones(payload.milestones) if payload.milestones is not None else kept,
            note=sent["note"] if sent.get("note") is not None else target.note,
        ),
    )
    return _detail(changed)


@router.post(
    "/governance/targets/{target_id}/archive",
    response={200: GovernanceTargetOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def target_archive(
    request: HttpRequest, target_id: Id, payload: GovernanceTargetArchiveIn
) -> GovernanceTargetOut:
    """Archive the target: it leaves the lists and the panels, and is kept."""
    user = acting_user(request)
    target = selectors.access_target(user, target_id)
    return _detail(services.target_archive(user, target, version=payload.version))


@router.post(
    "/governance/targets/{target_id}/entries",
    response={201: GovernanceTargetEntryOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def entry_add(request: HttpRequest, target_id: Id, payload: GovernanceTargetEntryIn) -> Status:
    """Enter the figure of a year of an entered target, with its evidence (a leader or
    worker of its unit or above); the earlier entries of the year stay as its history."""
    user = acting_user(request)
    target = selectors.access_target(user, target_id)
    entry = services.entry_add(
        user, target, year=payload.year, value=payload.value, evidence=payload.evidence
    )
    return Status(201, _entry_out(entry))
