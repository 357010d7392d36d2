"""The cross-check source: findings of other agencies' lists to work (数据比对问题), and for a
helper the school findings of the children paired with them (a child who dropped out)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts.models import User
from guanai.crosscheck import worklist
from guanai.crosscheck.models import Finding
from guanai.crosscheck.texts import explain
from guanai.today.items import SHOWN, Batch
from guanai.today.items import Task as TodayTask
from guanai.today.sources.common import day, first

# A finding open this many days is overdue on the page.
DAYS_TO_RESOLVE = 30


def findings_to_resolve(user: User, today: date) -> Batch:
    """Open findings of the user's units (leader, worker), urgent and oldest first."""
    found = worklist.findings_to_work(user)
    shown = list(found[:SHOWN])
    if not shown:
        return Batch()
    total = len(shown) if len(shown) < SHOWN else found.count()
    tasks = [
        _task(f, today, _("Resolve"), reverse("crosscheck:finding_detail", args=[f.pk]))
        for f in shown
    ]
    return first(tasks, total, _("All cross-check findings"), reverse("crosscheck:index"))


def school_findings(user: User, today: date) -> Batch:
    """Children paired with a helper whom the school roll reports out of school."""
    found = worklist.school_findings_of_my_children(user)
    shown = list(found[:SHOWN])
    if not shown:
        return Batch()
    total = len(shown) if len(shown) < SHOWN else found.count()
    tasks = [
        _task(f, today, _("Open the file"), reverse("registry:person_detail", args=[f.person_id]))
        for f in shown
    ]
    return first(tasks, total, "", "")


def _task(finding: Finding, today: date, action: str, url: str) -> TodayTask:
    found = timezone.localdate(finding.found_at)
    overdue = (today - found).days > DAYS_TO_RESOLVE
    return TodayTask(
        kind="crosscheck",
        kind_label=gettext_lazy("Cross-check"),
        subject=finding.name,
        where=finding.org_unit.name,
        detail=explain(finding),
        why=_("Found on %(date)s") % {"date": day(found)},
        # An urgent finding (a dead person still paid) goes before the others due.
        when=date.min if finding.urgent and not overdue else found,
        overdue=overdue,
        action_label=action,
        action_url=url,
    )
