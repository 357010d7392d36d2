"""Reading findings: the list a clerk works through, one finding (its read audited), a
person's findings, and what the list said beside what the file holds.

Every read starts from ``access.findings_visible``: a finding outside the user's scope is
never counted, listed or opened (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.core.audit import access_log
from guanai.core.models import AuditAction
from guanai.core.months import parse_month
from guanai.crosscheck import access
from guanai.crosscheck.models import CheckList, Finding, FindingKind, FindingStatus
from guanai.crosscheck.texts import disability_words
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person, SchoolingStatus

K = FindingKind

# Open findings before the resolved ones; then the urgent, the newest.
OPEN_FIRST = Case(
    When(status=FindingStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
)
ORDER = (OPEN_FIRST, "-urgent", "-found_at", "pk")
# Status filter values: one of FindingStatus, or every status.
ANY_STATUS = "all"


@dataclass(frozen=True)
class FindingFilter:
    status: str = FindingStatus.OPEN  # a FindingStatus, or ANY_STATUS
    kind: str = ""
    list_kind: str = ""
    unit: OrgUnit | None = None
    urgent_only: bool = False
    check_list: int | None = None  # found (first or again) by this list


def findings_listed(user: AnyUser) -> QuerySet[Finding]:
    """Return the findings the user reads, with what a row shows selected, open first."""
    return (
        access.findings_visible(user)
        .select_related("first_list__org_unit", "last_list__org_unit")
        .order_by(*ORDER)
    )


def findings_search(user: AnyUser, found: FindingFilter) -> QuerySet[Finding]:
    """Return the findings the user reads that match ``found``."""
    rows = findings_listed(user)
    if found.status != ANY_STATUS:
        rows = rows.filter(status=found.status)
    if found.kind:
        rows = rows.filter(kind=found.kind)
    if found.list_kind:
        rows = rows.filter(list_kind=found.list_kind)
    if found.unit is not None:
        rows = rows.filter(subtree_q([found.unit], field="org_unit__path"))
    if found.urgent_only:
        rows = rows.filter(urgent=True)
    if found.check_list is not None:
        rows = rows.filter(Q(first_list_id=found.check_list) | Q(last_list_id=found.check_list))
    return rows


def filter_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units a user may narrow the findings to (their roster's units)."""
    return OrgUnit.objects.filter(scoping.roster_subtree_q(user, field="path")).order_by("path")


def finding_of(user: AnyUser, pk: int) -> Finding:
    """Return a finding the user reads with its lists (404 otherwise, as ``access_finding``)."""
    return get_object_or_404(findings_listed(user), pk=pk)


def finding_read(user: AnyUser, pk: int, request: HttpRequest | None = None) -> Finding:
    """Return a finding the user reads (404 otherwise), and record the read."""
    finding = finding_of(user, pk)
    access_log(
        user=user,
        action=AuditAction.READ,
        obj=finding,
        detail={"page": "crosscheck_finding", "kind": finding.kind},
        request=request,
    )
    return finding


def person_findings(user: AnyUser, person: Person) -> QuerySet[Finding]:
    """Return the findings about ``person`` the user reads, open ones first."""
    return findings_listed(user).filter(person=person)


def person_has_findings(user: AnyUser, person: Person) -> bool:
    """Whether the user reads any finding about ``person`` (one EXISTS query)."""
    return access.findings_visible(user).filter(person=person).exists()


def list_readable(user: AnyUser, check_list: CheckList) -> bool:
    """Whether the user reads ``check_list`` (no query: as ``access.lists_visible`` rules)."""
    return scoping.holds_role_over(user, check_list.org_unit, scoping.ROSTER_ROLES)


# --- What the list said, beside the file -----------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    listed: str
    ours: str = "—"


def _day(text: Any) -> str:
    """A date of the facts (ISO) as pages write dates; anything else as it is."""
    try:
        return date_format(date.fromisoformat(str(text)))
    except ValueError:
        return str(text or "—")


def _months(months: list[str]) -> str:
    """Roll months of the facts (``2026-03``) as pages write months."""
    return "、".join(date_format(parse_month(m), "YEAR_MONTH_FORMAT") for m in months)


def _school_status(code: Any) -> str:
    return str(SchoolingStatus(code).label) if code in SchoolingStatus.values else "—"


def facts_compared(finding: Finding) -> list[Fact]:
    """Return what the list said and what the file held, line by line, for ``finding``."""
    f, dash = finding.facts, "—"
    match finding.kind:
        case K.DEATH_ACTIVE_FILE | K.DEATH_ON_ROLL | K.DEATH_PAID:
            facts = [Fact(_("Date of death"), _day(f.get("death_date")), _("file active"))]
            if f.get("months"):
                facts.append(Fact(_("Roll months"), dash, _months(f["months"])))
            if f.get("amount"):
                facts.append(Fact(_("Paid after death (yuan)"), dash, str(f["amount"])))
            return facts
        case K.DISABILITY_GRADE:
            ours = f.get("ours") or {}
            return [
                Fact(
                    _("Disability type and grade"),
                    disability_words(f.get("type"), f.get("grade")),
                    disability_words(ours.get("type"), ours.get("grade")),
                )
            ]
        case K.DISABILITY_CERTIFICATE:
            return [
                Fact(
                    _("Certificate number ends in"),
                    str(f.get("certificate_suffix") or dash),
                    str(f.get("ours") or dash),
                )
            ]
        case K.DISABILITY_CATEGORY | K.DISABILITY_UNREGISTERED:
            return [
                Fact(
                    _("Disability type and grade"), disability_words(f.get("type"), f.get("grade"))
                )
            ]
        case K.SCHOOL_DROPPED_OUT | K.SCHOOL_TRANSFERRED:
            return [
                Fact(_("School status"), _school_status(f.get("status"))),
                Fact(_("School"), f.get("school") or dash),
                Fact(_("School grade"), f.get("class_grade") or dash),
            ]
        case K.DIBAO_CATEGORY | K.DIBAO_UNREGISTERED:
            return [
                Fact(_("Household"), f.get("household") or dash),
                Fact(_("Monthly amount (yuan)"), f.get("amount") or dash),
            ]
        case K.DIBAO_NOT_LISTED:
            return [
                Fact(_("On the list of %(date)s") % {"date": f.get("as_of")}, _("no"), _("yes"))
            ]
        case K.MOVED_AWAY:
            return [
                Fact(_("Moved on"), _day(f.get("moved_on"))),
                Fact(_("Moved to"), f.get("place") or dash),
            ]
        case K.NAME_DIFFERS:
            return [Fact(_("Name"), f.get("list_name") or dash, f.get("ours") or dash)]
    return []


# --- Where the fix is made -------------------------------------------------------------------


@dataclass(frozen=True)
class FixLink:
    label: str
    url: str


DEATHS = (K.DEATH_ACTIVE_FILE, K.DEATH_ON_ROLL, K.DEATH_PAID)


def fix_links(finding: Finding) -> list[FixLink]:
    """Return the pages where the cause of an open ``finding`` is put right."""
    links = []
    if finding.person_id:
        file = reverse("registry:person_detail", args=[finding.person_id])
        links.append(FixLink(_("The person's file"), file))
        if finding.kind in DEATHS and finding.person and not finding.person.is_archived:
            # The archive form is on the file's first tab.
            links.append(FixLink(_("Archive the file (reason: deceased)"), f"{file}#archive"))
    if finding.kind in (K.DEATH_ON_ROLL, K.DEATH_PAID):
        links.append(FixLink(_("The payment rolls"), reverse("benefits:roll_list")))
    if finding.person_id is None and finding.kind in (
        K.DISABILITY_UNREGISTERED,
        K.DIBAO_UNREGISTERED,
    ):
        links.append(FixLink(_("Register the person"), reverse("registry:person_create")))
    return links
