"""Raise, keep and resolve the early warnings of a unit's subtree.

What a rule finds is named by a key: finding the same thing again keeps the warning as it
is (an acknowledgement too), so running the detection twice raises nothing new; an open or
acknowledged warning whose key is no longer found has lost its cause and is resolved.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from guanai.care.models import (
    CareWarning,
    RiskAssessment,
    RiskLevel,
    WarningKind,
    WarningStatus,
)
from guanai.care.warnings.findings import Finding, findings, persons_in
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person

# Keys looked up and warnings written per statement (SQLite limits the parameters).
CHUNK = 500

LIVE = (WarningStatus.OPEN, WarningStatus.ACKNOWLEDGED)


@dataclass(frozen=True)
class DetectionReport:
    raised: int = 0
    resolved: int = 0
    open: int = 0

    def counts(self) -> dict[str, int]:
        return {"raised": self.raised, "resolved": self.resolved, "open": self.open}

    def __add__(self, other: DetectionReport) -> DetectionReport:
        return DetectionReport(
            self.raised + other.raised, self.resolved + other.resolved, self.open + other.open
        )


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def detect(unit: OrgUnit | None = None, today: date | None = None) -> DetectionReport:
    """Raise the warnings found today for ``unit``'s subtree (all units if None).

    Warnings already raised for the same facts stay as they are (acknowledgements kept);
    open or acknowledged warnings of the subtree's persons whose facts are no longer found
    — the cause is gone, or the person was archived — are resolved today. A resolved
    warning whose facts are found again is opened again.
    """
    today = today or timezone.localdate()
    found = findings(unit, today)
    with transaction.atomic():
        return _record(found, persons_in(unit), today)


def _record(found: dict[str, Finding], persons: QuerySet[Person], today: date) -> DetectionReport:
    """Write what was found: resolve the live warnings not found, reopen or raise the rest."""
    live = list(
        CareWarning.objects.filter(person__in=persons, status__in=LIVE)
        .order_by()
        .only("pk", "key", "org_unit", "status")
    )
    live_keys = {w.key for w in live}
    gone = [w.pk for w in live if w.key not in found]
    for chunk in _chunks(gone):
        CareWarning.objects.filter(pk__in=chunk).update(
            status=WarningStatus.RESOLVED, resolved_on=today, version=F("version") + 1
        )
    # A person moved to another unit: the warnings follow the file.
    moved = [w for w in live if w.key in found and w.org_unit_id != found[w.key].org_unit_id]
    for w in moved:
        w.org_unit_id = found[w.key].org_unit_id
    CareWarning.objects.bulk_update(moved, ["org_unit"], batch_size=CHUNK)

    unseen = [k for k in found if k not in live_keys]
    earlier = [
        w for chunk in _chunks(unseen) for w in CareWarning.objects.filter(key__in=chunk).order_by()
    ]
    # A closed warning keeps its outcome even while its facts are still found: it was
    # decided on, so it is neither reopened nor raised again.
    closed = {w.key for w in earlier if w.status == WarningStatus.CLOSED}
    new = [k for k in unseen if k not in closed]
    again = [w for w in earlier if w.status != WarningStatus.CLOSED]
    for w in again:
        finding = found[w.key]
        w.status, w.raised_on, w.resolved_on = WarningStatus.OPEN, today, None
        w.org_unit_id, w.message = finding.org_unit_id, finding.message(today)
        w.acknowledged_by, w.acknowledged_at, w.note = None, None, ""
        w.assigned_to, w.assigned_by, w.assigned_at = None, None, None
        w.assignment_note, w.due_on = "", None
        w.version += 1
    CareWarning.objects.bulk_update(
        again,
        [
            "status",
            "raised_on",
            "resolved_on",
            "org_unit",
            "message",
            "acknowledged_by",
            "acknowledged_at",
            "note",
            "assigned_to",
            "assigned_by",
            "assigned_at",
            "assignment_note",
            "due_on",
            "version",
        ],
        batch_size=CHUNK,
    )
    reopened = {w.key for w in again}
    CareWarning.objects.bulk_create(
        [
            CareWarning(
                org_unit_id=f.org_unit_id,
                person_id=f.person_id,
                kind=f.kind,
                key=f.key,
                message=f.message(today),
                raised_on=today,
            )
            for key, f in found.items()
            if key not in live_keys and key not in reopened and key not in closed
        ],
        batch_size=CHUNK,
        # Two detections at once (the background task and "check now") raise the same keys.
        ignore_conflicts=True,
    )
    _propose_high_risk([found[k] for k in new], today)
    still_open = sum(1 for w in live if w.key in found and w.status == WarningStatus.OPEN)
    return DetectionReport(raised=len(new), resolved=len(gone), open=still_open + len(new))


# Warnings that call for a higher risk level (issue 4: early warnings can propose one).
PROPOSING = (WarningKind.LOW_MOOD, WarningKind.NO_PARENT_CONTACT)


def _propose_high_risk(raised: list[Finding], today: date) -> None:
    """Propose the level "high" for the persons of newly raised warnings that call for it.

    Only a proposal: a leader confirms or rejects it on the person's care page. A person
    at high risk already, or with a proposal waiting, gets none. Two statements whatever
    the number of persons.
    """
    wanted = {f.person_id: f for f in raised if f.kind in PROPOSING and not f.high_risk}
    if not wanted:
        return
    waiting = set(
        RiskAssessment.objects.filter(person_id__in=list(wanted), current=False, decision="")
        .values_list("person_id", flat=True)
        .order_by()
    )
    RiskAssessment.objects.bulk_create(
        [
            RiskAssessment(
                person_id=pk,
                level=RiskLevel.HIGH,
                reason=f.message(today),
                source="warning",
            )
            for pk, f in wanted.items()
            if pk not in waiting
        ],
        batch_size=CHUNK,
    )
