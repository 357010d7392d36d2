"""Recording a supervision visit and changing it (督查): what was checked, what was found,
what each unit must rectify by when.

* ``visit_record``: by a leader or worker of the supervising unit (or above) — the office —
  to a unit strictly below it, on a day not in the future; who went; a summary; the
  checklist's lines (what was checked, where the figure came from, the figure, the verdict,
  a note) and the findings, each with the rectification required, a deadline not before the
  visit (and within a year of it) and the unit to rectify: the unit visited or one below it.
* ``visit_update``: the same rules on a visit opened at its current version (a stale form is
  refused). The checklist is replaced; a finding keeps its row (``pk``) and is changed, or is
  removed, only while nothing was reported on it — once the unit reported, the office decides
  on what it was asked, not on a new wording.

Over-long text is refused with the limit, never cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits
from guanai.governance.access import require_manage
from guanai.governance.models import CheckVerdict, Rectification, Visit, VisitCheck
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside

# A deadline further than this after the visit is a mistyped year.
DEADLINE_HORIZON = timedelta(days=366)
STALE = gettext_lazy(
    "Someone changed this visit after you opened it (%(fields)s); reload and try again."
)
STALE_FIELDS = ("visited_on", "team", "summary", "inspected")


@dataclass(frozen=True)
class CheckData:
    """One line of the checklist as typed (or drawn from the data and kept)."""

    label: str
    source: str = ""
    figure: str = ""
    verdict: str = CheckVerdict.OK
    note: str = ""


@dataclass(frozen=True)
class FindingData:
    """A finding and the rectification it requires; ``pk`` names one already recorded."""

    finding: str
    required: str
    deadline: date | None
    org_unit: OrgUnit | None
    pk: int | None = None


@dataclass(frozen=True)
class VisitData:
    org_unit: OrgUnit
    inspected: OrgUnit
    visited_on: date | None
    team: str
    summary: str = ""
    checks: Sequence[CheckData] = field(default_factory=list)
    findings: Sequence[FindingData] = field(default_factory=list)


def _text(
    value: str, model: type[Visit] | type[VisitCheck] | type[Rectification], name: str, at: str
) -> str:
    return fits(value.strip(), model, name, field=at)


def _visit_fields(user: Actor, data: VisitData) -> dict[str, object]:
    require_manage(user, data.org_unit)
    if not is_inside(data.inspected, data.org_unit, strictly=True) or not data.inspected.is_active:
        raise ValidationFailed(
            _("%(unit)s is not a unit below %(office)s: choose a unit it supervises.")
            % {"unit": data.inspected.name, "office": data.org_unit.name},
            field="inspected",
        )
    if data.visited_on is None:
        raise ValidationFailed(_("Give the day of the visit."), field="visited_on")
    check_plausible_day(data.visited_on, field="visited_on")
    team = " ".join(data.team.split())
    if not team:
        raise ValidationFailed(_("Say who went on the visit."), field="team")
    return {
        "org_unit": data.org_unit,
        "inspected": data.inspected,
        "visited_on": data.visited_on,
        "team": _text(team, Visit, "team", "team"),
        "summary": _text(data.summary, Visit, "summary", "summary"),
    }


def _checks(visit: Visit, lines: Sequence[CheckData]) -> list[VisitCheck]:
    checks = []
    for i, line in enumerate(lines):
        at = f"checks-{i}-"
        label = " ".join(line.label.split())
        if not label:
            raise ValidationFailed(_("Say what was checked on this line."), field=at + "label")
        if line.verdict not in CheckVerdict.values:
            raise ValidationFailed(_("Choose the verdict."), field=at + "verdict")
        checks.append(
            VisitCheck(
                visit=visit,
                label=_text(label, VisitCheck, "label", at + "label"),
                source=_text(line.source, VisitCheck, "source", at + "source"),
                figure=_text(line.figure, VisitCheck, "figure", at + "figure"),
                verdict=line.verdict,
                note=_text(line.note, VisitCheck, "note", at + "note"),
                position=i,
            )
        )
    return checks


def _finding_fields(
    i: int, found: FindingData, inspected: OrgUnit, visited_on: date
) -> dict[str, object]:
    at = f"findings-{i}-"
    finding, required = found.finding.strip(), found.required.strip()
    if not finding:
        raise ValidationFailed(_("Write what was found."), field=at + "finding")
    if not required:
        raise ValidationFailed(_("Write what must be rectified."), field=at + "required")
    if found.deadline is None:
        raise ValidationFailed(_("Give the deadline of the rectification."), field=at + "deadline")
    if found.deadline < visited_on:
        raise ValidationFailed(
            _("The deadline cannot be before the visit (%(day)s).")
            % {"day": f"{visited_on:%Y-%m-%d}"},
            field=at + "deadline",
        )
    if found.deadline > visited_on + DEADLINE_HORIZON:
        raise ValidationFailed(
            _("The deadline is more than a year after the visit; check the year."),
            field=at + "deadline",
        )
    unit = found.org_unit or inspected
    if not is_inside(unit, inspected) or not unit.is_active:
        raise ValidationFailed(
            _("The unit to rectify is %(unit)s or a unit below it.") % {"unit": inspected.name},
            field=at + "org_unit",
        )
    return {
        "finding": _text(finding, Rectification, "finding", at + "finding"),
        "required": _text(required, Rectification, "required", at + "required"),
        "deadline": found.deadline,
        "org_unit": unit,
        "position": i,
    }


@transaction.atomic
def visit_record(user: Actor, data: VisitData) -> Visit:
    """Record a visit by ``data.org_unit`` to a unit below it, its checklist and findings."""
    values = _visit_fields(user, data)
    visit = Visit(**values, recorded_by=account_of(user))
    checks = _checks(visit, data.checks)
    findings = [
        _finding_fields(i, found, data.inspected, values["visited_on"])  # type: ignore[arg-type]
        for i, found in enumerate(data.findings)
    ]
    visit.save()
    VisitCheck.objects.bulk_create(checks)
    for values_of in findings:
        Rectification.objects.create(visit=visit, **values_of)
    return visit


@transaction.atomic
def visit_update(user: Actor, visit: Visit, *, version: int, data: VisitData) -> Visit:
    """Change a visit opened at ``version``; findings reported on stay as they were."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    require_manage(user, visit.org_unit)
    refuse_stale(current, version, message=str(STALE), fields=STALE_FIELDS)
    if data.org_unit.pk != current.org_unit_id:
        raise ValidationFailed(
            _("The supervising unit of a visit does not change."), field="org_unit"
        )
    values = _visit_fields(user, data)
    checks = _checks(current, data.checks)
    existing = {
        r.pk: r
        for r in Rectification.objects.select_for_update(of=("self",))
        .select_related("org_unit")
        .filter(visit=current)
        .order_by("pk")
    }
    reported = set(
        Rectification.objects.filter(visit=current, reports__isnull=False).values_list(
            "pk", flat=True
        )
    )
    kept: set[int] = set()
    changes: list[tuple[Rectification | None, dict[str, object]]] = []
    for i, found in enumerate(data.findings):
        values_of = _finding_fields(i, found, data.inspected, values["visited_on"])  # type: ignore[arg-type]
        row = existing.get(found.pk) if found.pk is not None else None
        if found.pk is not None and row is None:
            raise ValidationFailed(
                _("This finding is not one of the visit's."), field=f"findings-{i}-finding"
            )
        if row is not None:
            kept.add(row.pk)
            moved = {k: v for k, v in values_of.items() if k != "position" and getattr(row, k) != v}
            if moved and row.pk in reported:
                raise ValidationFailed(
                    _("The unit has reported on this finding: it can no longer be changed."),
                    field=f"findings-{i}-finding",
                )
        changes.append((row, values_of))
    dropped = set(existing) - kept
    if dropped & reported:
        raise ValidationFailed(
            _("A finding the unit has reported on cannot be removed."), field="findings"
        )
    for name, value in values.items():
        setattr(current, name, value)
    bump(current)
    current.save()
    VisitCheck.objects.filter(visit=current).delete()
    VisitCheck.objects.bulk_create(checks)
    Rectification.objects.filter(pk__in=dropped).delete()
    for row, values_of in changes:
        if row is None:
            Rectification.objects.create(visit=current, **values_of)
            continue
        if any(getattr(row, k) != v for k, v in values_of.items()):
            for name, value in values_of.items():
                setattr(row, name, value)
            bump(row)
            row.save()
    return current
