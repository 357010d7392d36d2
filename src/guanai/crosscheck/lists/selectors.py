"""Reading uploaded lists: one list (its read audited), its rejected rows, the columns each
kind of list accepts, and the findings of a list beside the previous upload of its kind.

A list's findings are grouped as a clerk works them month after month: new (first found by
this list), found again (found earlier and again now), and, against the previous upload of
the same kind for the same unit, resolved since then and still open from before. Each group
is one query, counted in the same query (a window), showing its first ``SHOWN`` rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Window
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import AnyUser
from guanai.core.audit import access_log
from guanai.core.models import AuditAction
from guanai.crosscheck import access
from guanai.crosscheck.columns import wanted
from guanai.crosscheck.findings.selectors import findings_listed
from guanai.crosscheck.models import CheckList, Finding, FindingStatus, ListKind

# Rows shown per group of findings and rejected rows shown on a list's page.
SHOWN = 50
REJECTS_SHOWN = 200

# The list's fields, as the columns table and the rejected rows name them.
FIELD_LABELS: dict[str, Promise] = {
    "id_number": _("ID number"),
    "name": _("Full name"),
    "death_date": _("Date of death"),
    "certificate": _("Disability certificate number"),
    "type": _("Disability type"),
    "grade": _("Disability grade"),
    "school": _("School"),
    "class_grade": _("School grade"),
    "status": _("School status"),
    "household": _("Household head"),
    "amount": _("Monthly amount"),
    "moved_on": _("Date moved"),
    "place": _("Moved to"),
}


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else name


def list_read(user: AnyUser, pk: int, request: HttpRequest | None = None) -> CheckList:
    """Return a list the user reads (404 otherwise), and record the read."""
    check_list = access.access_list(user, pk)
    access_log(
        user=user,
        action=AuditAction.READ,
        obj=check_list,
        detail={"page": "crosscheck_list", "kind": check_list.kind},
        request=request,
    )
    return check_list


def lists_listed(user: AnyUser) -> QuerySet[CheckList]:
    """Return the lists the user reads, the newest first."""
    return access.lists_visible(user).order_by("-uploaded_at", "-pk")


def _earlier(check_list: CheckList) -> QuerySet[CheckList]:
    """The uploads of the same kind for the same unit before ``check_list``."""
    return CheckList.objects.filter(org_unit=check_list.org_unit_id, kind=check_list.kind).filter(
        Q(uploaded_at__lt=check_list.uploaded_at)
        | Q(uploaded_at=check_list.uploaded_at, pk__lt=check_list.pk)
    )


def previous_list(check_list: CheckList) -> CheckList | None:
    """Return the upload of the same kind for the same unit just before ``check_list``."""
    return _earlier(check_list).order_by("-uploaded_at", "-pk").first()


@dataclass(frozen=True)
class Group:
    """The first rows of a group of findings and how many the group holds."""

    rows: Sequence[Finding]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _group(rows: QuerySet[Finding]) -> Group:
    shown = list(rows.annotate(group_total=Window(Count("pk")))[:SHOWN])
    return Group(shown, shown[0].group_total if shown else 0)


def findings_new(user: AnyUser, check_list: CheckList) -> Group:
    """The findings first found by ``check_list`` that the user reads."""
    return _group(findings_listed(user).filter(first_list=check_list))


def findings_again(user: AnyUser, check_list: CheckList) -> Group:
    """The findings found by an earlier list and again by ``check_list``."""
    return _group(findings_listed(user).filter(last_list=check_list).exclude(first_list=check_list))


def findings_resolved_since(user: AnyUser, check_list: CheckList, previous: CheckList) -> Group:
    """The findings of the earlier uploads, not found again, resolved since ``previous``."""
    return _group(
        findings_listed(user)
        .filter(last_list__in=_earlier(check_list), resolved_at__gte=previous.uploaded_at)
        .exclude(status=FindingStatus.OPEN)
    )


def findings_still_open(user: AnyUser, check_list: CheckList) -> Group:
    """The findings of the earlier uploads, not found again by ``check_list``, still open."""
    return _group(
        findings_listed(user).filter(last_list__in=_earlier(check_list), status=FindingStatus.OPEN)
    )


@dataclass(frozen=True)
class Reject:
    row: int
    column: str
    reason: str


def rejects_shown(check_list: CheckList) -> tuple[list[Reject], int]:
    """Return the first ``REJECTS_SHOWN`` reasons a row was refused, and how many more."""
    rejects: list[dict[str, Any]] = check_list.rejects or []
    shown = [
        Reject(
            row=int(r.get("row", 0)),
            column=field_label(str(r.get("field", ""))),
            reason=str(r.get("reason", "")),
        )
        for r in rejects[:REJECTS_SHOWN]
    ]
    return shown, max(0, len(rejects) - REJECTS_SHOWN)


@dataclass(frozen=True)
class Column:
    label: str
    headers: tuple[str, ...]
    required: bool


def columns_accepted() -> list[tuple[str, str, list[Column]]]:
    """Return, per kind of list, its columns: the headers accepted and whether required."""
    out = []
    for kind, label in ListKind.choices:
        columns, required = wanted(kind)
        out.append(
            (
                str(kind),
                str(label),
                [
                    Column(field_label(name), headers, name in required)
                    for name, headers in columns.items()
                ],
            )
        )
    return out
