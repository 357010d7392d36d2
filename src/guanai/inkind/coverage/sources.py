"""The service targets' figures for the work organisation's multi-year targets.

A service target (``ServiceTarget``) is a ``governance.Target`` whose source is one of the
two registered here, set and changed from the in-kind pages only (``on_form=False``). Its
figure for a year is read from this app's progress engine (``coverage.progress``):

* ``inkind.all_served``: the share of the persons needing the service who were served, in
  percent to one decimal, rounded down so that 100 means nobody is left —
  ``cumulative ÷ (cumulative + remaining at the year's end)``, 100 when nobody needed it;
* ``inkind.count``: the persons served since the first year, each once.

A future year has no figure. The figures of many targets cost three statements: their
services, their deliveries and the persons remaining.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guanai.governance.extensions import Figures, TargetSource, register_target_source
from guanai.governance.models import Direction, Target, ValueKind
from guanai.inkind.coverage.progress import YearProgress
from guanai.inkind.coverage.selectors import targets_progress
from guanai.inkind.models import SOURCE_PREFIX, Measure, ServiceTarget

ALL_SERVED = SOURCE_PREFIX + Measure.ALL_SERVED
COUNT = SOURCE_PREFIX + Measure.COUNT


def _figure(measure: str, year: YearProgress) -> Decimal | None:
    if year.when == "future":
        return None
    if measure == Measure.COUNT:
        return Decimal(year.cumulative)
    if year.remaining is None:
        return None
    needed = year.cumulative + year.remaining
    if needed == 0:
        return Decimal(100)
    share = Decimal(year.cumulative) * 100 / needed
    return share.quantize(Decimal("0.1"), rounding=ROUND_FLOOR)


def figures(targets: Sequence[Target], today: date) -> Figures:
    """Return each service target's figure by year (three statements for all of them)."""
    given = {t.pk: t for t in targets}
    rows = list(ServiceTarget.objects.filter(pk__in=list(given)).select_related("service"))
    for row in rows:
        row.target = given[row.pk]  # the caller's, with its unit: no query per target
    found = targets_progress(rows, today)
    return {row.pk: {y.year: _figure(row.measure, y) for y in found[row.pk].years} for row in rows}


def _page(pk: int) -> str:
    return reverse("inkind:target_detail", args=[pk])


def register() -> None:
    register_target_source(
        TargetSource(
            code=ALL_SERVED,
            label=_("Share of the persons eligible for a service who were served"),
            value_kind=ValueKind.PERCENT,
            direction=Direction.UP,
            figures=figures,
            on_form=False,
            page=_page,
        )
    )
    register_target_source(
        TargetSource(
            code=COUNT,
            label=_("Persons served with a service"),
            value_kind=ValueKind.COUNT,
            direction=Direction.UP,
            figures=figures,
            on_form=False,
            page=_page,
        )
    )
