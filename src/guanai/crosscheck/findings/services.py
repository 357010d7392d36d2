"""Recording, re-checking and resolving findings.

A finding is named by its kind and the ID number's hash: a later list that finds the same
thing again keeps the open finding (its ``last_list`` moves on) rather than raising a second.
A finding whose cause was fixed through the normal pages closes by itself at the next
re-check (after a change of the person, a category or a roll, and at every upload), with
a link to where it was fixed; any other is resolved by hand, fixed or not an error, and
never without a sentence saying how.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits
from guanai.crosscheck.access import require_resolve
from guanai.crosscheck.models import CheckList, Finding, FindingKind, FindingStatus
from guanai.crosscheck.rules import Candidate, still_holds
from guanai.crosscheck.texts import fixed_by

# Keys looked up per statement (SQLite limits the parameters of one statement).
CHUNK = 2000


def findings_record(check_list: CheckList, candidates: Sequence[Candidate]) -> dict[str, int]:
    """Write the findings of ``check_list``; return how many of each kind it found."""
    counts: dict[str, int] = {}
    for start in range(0, len(candidates), CHUNK):
        chunk = candidates[start : start + CHUNK]
        existing = {
            (f.kind, f.key): f
            for f in Finding.objects.filter(
                status=FindingStatus.OPEN, key__in={c.key for c in chunk}
            )
        }
        new, again = [], []
        for c in chunk:
            counts[c.kind] = counts.get(c.kind, 0) + 1
            found = existing.get((c.kind, c.key))
            if found is not None:
                found.last_list = check_list
                found.facts, found.urgent = c.facts, c.urgent
                again.append(found)
                continue
            new.append(
                Finding(
                    kind=c.kind,
                    list_kind=check_list.kind,
                    urgent=c.urgent,
                    org_unit_id=c.org_unit_id,
                    person_id=c.person_id,
                    key=c.key,
                    name=c.name,
                    id_number=c.id_number,
                    facts=c.facts,
                    first_list=check_list,
                    last_list=check_list,
                )
            )
        Finding.objects.bulk_create(new)
        Finding.objects.bulk_update(again, ["last_list", "facts", "urgent"])
    return counts


def _fix_url(finding: Finding) -> str:
    if finding.person_id:
        return reverse("registry:person_detail", args=[finding.person_id])
    return ""


def findings_recheck(findings: QuerySet[Finding], today: date | None = None) -> int:
    """Close the open ``findings`` whose cause is gone; return how many were closed."""
    today = today or timezone.localdate()
    open_ = list(findings.filter(status=FindingStatus.OPEN).exclude(kind=FindingKind.DEATH_PAID))
    if not open_:
        return 0
    holding = still_holds(open_, today)
    fixed = [f for f in open_ if f.pk not in holding]
    now = timezone.now()
    for finding in fixed:
        finding.status = FindingStatus.FIXED
        finding.resolution = fixed_by(finding)
        finding.fix_url = _fix_url(finding)
        finding.resolved_at = now
        bump(finding)
    Finding.objects.bulk_update(
        fixed, ["status", "resolution", "fix_url", "resolved_at", "version"], batch_size=CHUNK
    )
    return len(fixed)


def recheck_persons(person_ids: Sequence[int]) -> int:
    """Re-check the open findings of ``person_ids`` (after a change of their files)."""
    return findings_recheck(Finding.objects.filter(person_id__in=list(person_ids)))


def recheck_keys(keys: Sequence[str]) -> int:
    """Re-check the open findings about ``keys`` (ID hashes of persons just registered)."""
    return findings_recheck(Finding.objects.filter(key__in=[k for k in keys if k]))


RESOLUTIONS = (FindingStatus.FIXED, FindingStatus.NOT_ERROR)


@transaction.atomic
def finding_resolve(
    *, acting_user: Actor, finding: Finding, status: str, note: str, version: int
) -> Finding:
    """Close a finding by hand: fixed (saying how) or not an error (saying why)."""
    require_resolve(acting_user, finding)
    current = Finding.objects.select_for_update().get(pk=finding.pk)
    if current.status != FindingStatus.OPEN:
        raise ValidationFailed(_("This finding is resolved already."))
    refuse_stale(current, version, message=_("Someone resolved or changed this finding meanwhile."))
    if status not in RESOLUTIONS:
        raise ValidationFailed(_("Choose fixed or not an error."), field="status")
    note = " ".join(str(note).split())
    if not note:
        raise ValidationFailed(
            _("Say how it was fixed, or why it is not an error."), field="resolution"
        )
    fits(note, Finding, "resolution", field="resolution")
    current.status = status
    current.resolution = note
    current.resolved_by = account_of(acting_user)
    current.resolved_at = timezone.now()
    bump(current)
    current.save()
    return current
