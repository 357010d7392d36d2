"""Items scored from the work organisation's records (issue 21, point 6).

* **Rectifications done on time** (整改按时完成): of the rectifications required of a unit
  in the sub-unit's subtree whose deadline falls in the sheet's year, the share accepted as
  rectified by the deadline (``governance.supervision.timing``: the rule is theirs, never
  written again here). A rectification is counted once its deadline has passed, or sooner
  when it is already accepted on time; one whose report awaits the office's decision is
  not counted until the office decides (the office is late, not the unit), and the sheet
  says how many wait. None counted: full points, and the sheet says why.
* **Practical matters done** (实事完成): of the practical matters listed by a unit in the
  sub-unit's subtree for the sheet's year, the share done (a dropped one counts as not
  done). None listed: 0 points — 篇六 asks every unit for its list of matters each year —
  and the sheet says why.

Both score ``weight × share`` to one decimal (``share_score``), each kind in one statement
whatever the number of sub-units.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.governance.models import (
    MatterStatus,
    PracticalMatter,
    Rectification,
    RectificationStatus,
)
from guanai.governance.supervision.timing import on_time_q
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.reports.models import ItemKind

POINT = Decimal("0.1")


def share_score(weight: Decimal, done: int, counted: int) -> Decimal:
    """Return ``weight × done ÷ counted`` to one decimal (half up); ``counted`` > 0."""
    share = Decimal(done) / Decimal(counted)
    return (weight * share).quantize(POINT, rounding=ROUND_HALF_UP)


def percent(done: int, counted: int) -> Decimal | None:
    if not counted:
        return None
    return (Decimal(100) * done / counted).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RectificationCounts:
    """A sub-unit's rectifications of the year that are scored."""

    year: int
    today: dt.date
    counted: int = 0
    on_time: int = 0
    waiting: int = 0

    def score(self, weight: Decimal) -> Decimal:
        """Return ``weight × on time ÷ counted``; full points with none counted."""
        return share_score(weight, self.on_time, self.counted) if self.counted else weight

    @property
    def share(self) -> Decimal | None:
        return percent(self.on_time, self.counted)

    def evidence(self) -> str:
        if not self.counted:
            text = _(
                "No rectification due in %(year)s had passed its deadline by %(day)s: full points."
            ) % {"year": self.year, "day": date_format(self.today, "DATE_FORMAT")}
        else:
            text = _(
                "Rectifications due in %(year)s counted: %(counted)s — rectified on time "
                "%(on_time)s, not on time %(late)s (from the supervision records)."
            ) % {
                "year": self.year,
                "counted": self.counted,
                "on_time": self.on_time,
                "late": self.counted - self.on_time,
            }
        if self.waiting:
            text += " " + _("Awaiting the office's decision, not counted yet: %(waiting)s.") % {
                "waiting": self.waiting
            }
        return text


@dataclass(frozen=True)
class MatterCounts:
    """A sub-unit's practical matters of the year."""

    year: int
    listed: int = 0
    done: int = 0

    def score(self, weight: Decimal) -> Decimal:
        """Return ``weight × done ÷ listed``; 0 with none listed."""
        return share_score(weight, self.done, self.listed) if self.listed else Decimal(0)

    @property
    def share(self) -> Decimal | None:
        return percent(self.done, self.listed)

    def evidence(self) -> str:
        if not self.listed:
            return _("No practical matter of %(year)s is listed: nothing done to count.") % {
                "year": self.year
            }
        return _(
            "Practical matters of %(year)s: %(done)s done of %(listed)s listed "
            "(from the lists of practical matters)."
        ) % {"year": self.year, "done": self.done, "listed": self.listed}


def _sub_unit(children: list[OrgUnit]) -> Case:
    """Return the expression naming the sub-unit whose subtree holds a row's unit."""
    return Case(
        *(When(subtree_q([c], field="org_unit__path"), then=Value(c.pk)) for c in children),
        default=None,
        output_field=IntegerField(),
    )


def _by_sub_unit(rows: QuerySet, children: list[OrgUnit], **counts: Count) -> dict[int, dict]:
    if not children:
        return {}
    found = (
        rows.filter(subtree_q(children, field="org_unit__path"))
        .annotate(sub_unit=_sub_unit(children))
        .values("sub_unit")
        .annotate(**counts)
        .order_by()
    )
    return {row["sub_unit"]: row for row in found}


def rectification_counts(
    children: list[OrgUnit], year: int, today: dt.date
) -> dict[int, RectificationCounts]:
    """Return sub-unit id → its rectifications of ``year`` scored on ``today`` (one query)."""
    passed = Q(deadline__lt=today) & ~Q(status=RectificationStatus.REPORTED)
    rows = Rectification.objects.filter(
        deadline__gte=dt.date(year, 1, 1), deadline__lte=dt.date(year, 12, 31)
    )
    found = _by_sub_unit(
        rows,
        children,
        counted=Count("pk", filter=passed | on_time_q()),
        on_time=Count("pk", filter=on_time_q()),
        waiting=Count("pk", filter=Q(deadline__lt=today, status=RectificationStatus.REPORTED)),
    )
    result = {}
    for child in children:
        row = found.get(child.pk, {})
        result[child.pk] = RectificationCounts(
            year=year,
            today=today,
            counted=row.get("counted", 0),
            on_time=row.get("on_time", 0),
            waiting=row.get("waiting", 0),
        )
    return result


def matter_counts(children: list[OrgUnit], year: int) -> dict[int, MatterCounts]:
    """Return sub-unit id → its practical matters of ``year`` (one query)."""
    found = _by_sub_unit(
        PracticalMatter.objects.filter(year=year),
        children,
        listed=Count("pk"),
        done=Count("pk", filter=Q(status=MatterStatus.DONE)),
    )
    return {
        child.pk: MatterCounts(
            year=year,
            listed=found.get(child.pk, {}).get("listed", 0),
            done=found.get(child.pk, {}).get("done", 0),
        )
        for child in children
    }


RECORD_KINDS = (ItemKind.RECTIFICATION, ItemKind.MATTERS)
