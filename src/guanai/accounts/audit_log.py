"""Reads of the audit trail for the auditor: access log and data changes, scoped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from auditlog.models import LogEntry
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.models import AccessLog

CHANGE_ACTIONS = {
    "create": LogEntry.Action.CREATE,
    "update": LogEntry.Action.UPDATE,
    "delete": LogEntry.Action.DELETE,
}


@dataclass(frozen=True)
class AuditFilter:
    source: str = "access"
    user: str = ""
    action: str = ""
    object: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> AuditFilter:
        return cls(
            source=data.get("source") or "access",
            user=(data.get("user") or "").strip(),
            action=data.get("action") or "",
            object=(data.get("object") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v}


def _bounds(f: AuditFilter) -> tuple[datetime | None, datetime | None]:
    tz = timezone.get_current_timezone()
    low = datetime.combine(f.date_from, time.min, tz) if f.date_from else None
    high = datetime.combine(f.date_to + timedelta(days=1), time.min, tz) if f.date_to else None
    return low, high


def access_entries(auditor: User, f: AuditFilter) -> QuerySet[AccessLog]:
    """Return the access-log rows about accounts in the auditor's scope, filtered."""
    users = scoping.users_visible(auditor)
    mine = Q(user__in=users) | Q(user__isnull=True, username__in=users.values("username"))
    if scoping.sees_unattributed_audit(auditor):
        # Failed logins for names that are no account, and what commands did.
        mine |= Q(user__isnull=True) & ~Q(username__in=User.objects.values("username"))
    qs = AccessLog.objects.filter(mine).select_related("user")
    if f.user:
        qs = qs.filter(Q(username__icontains=f.user) | Q(user__full_name__icontains=f.user))
    if f.action and f.action not in CHANGE_ACTIONS:
        qs = qs.filter(action=f.action)
    if f.object:
        qs = qs.filter(Q(object_repr__icontains=f.object) | Q(object_type__icontains=f.object))
    low, high = _bounds(f)
    if low:
        qs = qs.filter(at__gte=low)
    if high:
        qs = qs.filter(at__lt=high)
    return qs.order_by("-at", "-id")


def change_entries(auditor: User, f: AuditFilter) -> QuerySet[LogEntry]:
    """Return django-auditlog's change rows made by accounts in the auditor's scope."""
    users = scoping.users_visible(auditor)
    mine = Q(actor__in=users)
    if scoping.sees_unattributed_audit(auditor):
        mine |= Q(actor__isnull=True)
    qs = LogEntry.objects.filter(mine).select_related("actor", "content_type")
    if f.user:
        qs = qs.filter(Q(actor__username__icontains=f.user) | Q(actor__full_name__icontains=f.user))
    if f.action in CHANGE_ACTIONS:
        qs = qs.filter(action=CHANGE_ACTIONS[f.action])
    if f.object:
        qs = qs.filter(
            Q(object_repr__icontains=f.object) | Q(content_type__model__icontains=f.object)
        )
    low, high = _bounds(f)
    if low:
        qs = qs.filter(timestamp__gte=low)
    if high:
        qs = qs.filter(timestamp__lt=high)
    return qs.order_by("-timestamp", "-id")


# An export is built in the request; past this many rows the auditor narrows the filter.
EXPORT_LIMIT = 100_000


def count_entries(auditor: User, f: AuditFilter) -> int:
    rows = change_entries(auditor, f) if f.source == "changes" else access_entries(auditor, f)
    return rows.count()


def export_table(auditor: User, f: AuditFilter) -> tuple[list[str], Iterator[tuple[object, ...]]]:
    """Return the headers and rows of an audit export for the filter."""
    if f.source == "changes":
        headers = [_("Time"), _("User"), _("Action"), _("Object type"), _("Object"), _("Changes")]
        return headers, (
            (
                timezone.localtime(e.timestamp).replace(tzinfo=None),
                e.actor.username if e.actor else "",
                e.get_action_display(),
                e.content_type.model,
                e.object_repr,
                e.changes_str,
            )
            for e in change_entries(auditor, f).iterator(chunk_size=2000)
        )
    headers = [_("Time"), _("User"), _("Action"), _("Object type"), _("Object"), _("IP address")]
    return headers, (
        (
            timezone.localtime(e.at).replace(tzinfo=None),
            e.username,
            e.get_action_display(),
            e.object_type,
            e.object_repr,
            e.ip or "",
        )
        for e in access_entries(auditor, f).iterator(chunk_size=2000)
    )
