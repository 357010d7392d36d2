"""The cross-checks' notification kind: new findings of a list, to resolve."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from guanai.accounts.scoping import nearest_staff
from guanai.crosscheck.access import WORKERS
from guanai.crosscheck.models import Finding, FindingStatus
from guanai.notify import kinds
from guanai.notify.models import Notification

# Findings found longer ago than this are not notified any more (they stay on the pages).
RECENT = timedelta(days=7)


def _say(notification: Notification) -> str:
    count = notification.count or 0
    return ngettext(
        "A cross-check found %(count)s new finding to resolve.",
        "A cross-check found %(count)s new findings to resolve.",
        count,
    ) % {"count": count}


def _collect(now: datetime) -> list[kinds.Event]:
    """The open findings found lately, counted per list that found them and per person who
    resolves them: the leaders and workers of the finding's unit (or of the nearest unit
    above with some), who hold the role over it (``crosscheck.worklist.findings_to_work``).
    Two queries, whatever the number of findings; one event per list and person."""
    found = list(
        Finding.objects.filter(status=FindingStatus.OPEN, found_at__gte=now - RECENT)
        .select_related("org_unit")
        .only("pk", "first_list_id", "org_unit")
        .order_by("pk")
    )
    staff = nearest_staff({f.org_unit for f in found}, WORKERS)
    counts: Counter[tuple[int, int]] = Counter()
    for finding in found:
        for user_id in staff.get(finding.org_unit_id, set()):
            counts[(user_id, finding.first_list_id)] += 1
    link = reverse("crosscheck:index")
    return [
        kinds.Event(user_id=user_id, key=f"list:{list_id}", link=link, count=count)
        for (user_id, list_id), count in sorted(counts.items())
    ]


CROSSCHECK_FINDINGS = kinds.Kind(
    code="crosscheck_findings",
    label=gettext_lazy("New findings of a cross-check to resolve"),
    group="office",
    roles=frozenset(WORKERS),
    say=_say,
    collect=_collect,
)


def register() -> None:
    kinds.register(CROSSCHECK_FINDINGS)
