"""Figures minutes old, not a night old (issue 24 point 6): writes mark their units dirty,
and a refresh recomputes only those units and their ancestors.

**What marks.** A save or delete of a row that a figure counts (``SOURCES``: the models the
parts of ``figures`` and ``kpis.parts`` read) marks the units it counts in — found through
the same paths the parts group by — for the months the nightly job refreshes (this month
and last month: ``recent_months``). A change of the org tree, or of a survey round (which
replaces the counts typed in below it), marks the whole month. A finished roster import
marks the subtree of the unit it imported into: it writes persons with ``insert_rows`` and
``bulk_update``, which send no signals. Bulk writes that send no signal and are not listed
here (the nightly re-check of cross-check findings, the demo data) wait for the nightly
full refresh.

**When.** The marks are written after the write commits (``on_commit``), so that a
refresh that starts after a mark reads the write: three statements per row saved (its
units, whether a refresh is pending, one upsert of the marks). The first mark while none
is pending enqueues one refresh task, deferred by ``GUANAI_FACTS_DELAY_SECONDS``
(default 60) so that a burst of writes is refreshed once; the scheduled job
``refresh_dirty_facts`` (every five minutes) refreshes what is left, and is the only
runner where the task backend cannot defer (the tests' immediate one).

**How.** ``facts_refresh_dirty`` recomputes each marked month: the marked units with
``facts.facts_refresh_units``, or the whole month with ``facts.facts_refresh`` when the
month is marked whole or its stored facts are of an earlier counting day (the first
refresh after midnight); then it clears the marks made before it started.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_delete
from django.utils import timezone
from django_tasks import default_task_backend

from guanai.benefits.models import RollStatus
from guanai.core.months import month_label, previous_month, this_month
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import ImportStatus
from guanai.reports.facts import facts_current, facts_refresh, facts_refresh_units
from guanai.reports.figures import month_starting
from guanai.reports.models import DirtyFact


@dataclass(frozen=True)
class Source:
    """How a row of a model finds the units whose figures it counts in."""

    paths: tuple[str, ...]  # to an org unit, as the parts group by
    only: Q = field(default_factory=Q)  # the rows that count
    subtree: bool = False  # the units below too


SOURCES: dict[str, Source] = {
    "registry.Person": Source(("org_unit",)),
    "registry.PersonCategory": Source(("person__org_unit",)),
    "registry.Transfer": Source(("from_unit", "to_unit")),
    "registry.RosterImport": Source(("org_unit",), Q(status=ImportStatus.DONE), subtree=True),
    "care.Pairing": Source(("person__org_unit",)),
    # The persons met count in their own units (talks, visits, family contact).
    "care.CareRecord": Source(("org_unit", "met__person__org_unit")),
    "care.AssistancePlan": Source(("person__org_unit",)),
    "benefits.PaymentRoll": Source(("lines__org_unit",), Q(status=RollStatus.APPROVED)),
    "benefits.RollLine": Source(("org_unit",), Q(roll__status=RollStatus.APPROVED)),
    "benefits.MedicalClaim": Source(("person__org_unit",)),
    "community.Donation": Source(("org_unit",)),
    "community.Grant": Source(("fund__org_unit",)),
    "community.ServiceShift": Source(("visit__event__org_unit",)),
    "community.Need": Source(("org_unit",)),
    "community.DonationMatch": Source(("need__org_unit",)),
    "crosscheck.CheckList": Source(("org_unit",)),
    "crosscheck.Finding": Source(("org_unit",)),
    "institutions.Institution": Source(("org_unit",)),
    "institutions.Resident": Source(("institution__org_unit",)),
    "activities.Attendance": Source(("person__org_unit",)),
    "activities.Event": Source(("attendances__person__org_unit",)),
    "activities.Letter": Source(("person__org_unit",)),
    "activities.Celebration": Source(("person__org_unit",)),
    "surveys.Case": Source(("org_unit",)),
    "reports.SurveyCount": Source(("org_unit",)),
}
# A change of these changes which unit counts under which, or which counts count.
WHOLE_MONTH = ("orgs.OrgUnit", "surveys.Round")


def recent_months(today: dt.date | None = None) -> list[dt.date]:
    """Return the months the nightly refresh recomputes: last month and this month."""
    this = this_month(today)
    return [previous_month(this), this]


def units_of(label: str, pks: Iterable[int]) -> set[int]:
    """Return the units whose figures the rows ``pks`` of model ``label`` count in."""
    source = SOURCES[label]
    rows = apps.get_model(label).objects.filter(source.only, pk__in=list(pks))
    units: set[int] = set()
    for path in source.paths:
        units.update(u for u in rows.values_list(path, flat=True).distinct() if u is not None)
    if source.subtree and units:
        tops = OrgUnit.objects.filter(pk__in=units)
        units.update(OrgUnit.objects.filter(subtree_q(tops)).values_list("pk", flat=True))
    return units


def facts_mark(units: Iterable[int | None], months: Iterable[dt.date] | None = None) -> None:
    """Mark the units' facts of ``months`` (default ``recent_months``) out of date; None
    marks the whole month. Enqueue a refresh unless one is pending already."""
    wanted = set(units)
    if not wanted:
        return
    firsts = list(months) if months is not None else recent_months()
    now = timezone.now()
    pending = DirtyFact.objects.exists()
    # A mark made again moves on: a refresh running now clears only the older marks.
    known = [u for u in wanted if u is not None]
    DirtyFact.objects.bulk_create(
        [DirtyFact(org_unit_id=u, month=m, marked_at=now) for u in known for m in firsts],
        update_conflicts=True,
        unique_fields=["org_unit", "month"],
        update_fields=["marked_at"],
    )
    if None in wanted:  # no unit: the partial unique index, which ON CONFLICT cannot name
        DirtyFact.objects.filter(org_unit__isnull=True, month__in=firsts).update(marked_at=now)
        DirtyFact.objects.bulk_create(
            [DirtyFact(org_unit=None, month=m, marked_at=now) for m in firsts],
            ignore_conflicts=True,
        )
    if not pending:
        _enqueue()


def _enqueue() -> None:
    from guanai.reports.tasks import facts_refresh_dirty_task  # the task calls this module

    if not default_task_backend.supports_defer:
        return  # the scheduled job refreshes
    delay = dt.timedelta(seconds=getattr(settings, "GUANAI_FACTS_DELAY_SECONDS", 60))
    facts_refresh_dirty_task.using(run_after=timezone.now() + delay).enqueue()


def _saved(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
    if kwargs.get("raw"):
        return  # loading a fixture
    label = sender._meta.label
    if label in WHOLE_MONTH:
        transaction.on_commit(partial(facts_mark, [None]), robust=True)
    else:  # found after the commit: a care record's persons are written after it
        pk = instance.pk
        transaction.on_commit(lambda: facts_mark(units_of(label, [pk])), robust=True)


def _deleting(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
    label = sender._meta.label
    # Found now: after the delete the rows are gone.
    units: list[int | None] = (
        [None] if label in WHOLE_MONTH else list(units_of(label, [instance.pk]))
    )
    transaction.on_commit(partial(facts_mark, units), robust=True)


def register() -> None:
    """Called from ``ReportsConfig.ready``: listen to the writes of every source."""
    for label in (*SOURCES, *WHOLE_MONTH):
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"facts-dirty-save-{label}")
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"facts-dirty-delete-{label}")


def facts_refresh_dirty() -> dict[str, int]:
    """Refresh the marked units of each marked month (or the whole month, see the module
    doc); clear the marks made before this began; return the rows written per month."""
    started = timezone.now()
    by_month: dict[dt.date, set[int | None]] = defaultdict(set)
    for unit, first in DirtyFact.objects.values_list("org_unit_id", "month"):
        by_month[first].add(unit)
    written: dict[str, int] = {}
    for first, units in sorted(by_month.items()):
        month = month_starting(first)
        if None in units or not facts_current(month):
            written[month_label(first)] = facts_refresh(month)
        else:
            known = {u for u in units if u is not None}
            written[month_label(first)] = facts_refresh_units(month, known)
    DirtyFact.objects.filter(marked_at__lte=started).delete()
    return written
