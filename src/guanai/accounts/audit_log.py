"""Reads of the audit trail for the auditor: access log and data changes, scoped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from auditlog.models import LogEntry
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.audit_names import (
    EMPTY,
    change_action_name,
    change_object_type_name,
    change_text,
    codes_named,
    object_type_name,
)
from guanai.accounts.models import Role, User
from guanai.core.models import AccessLog, AuditAction

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
        codes, _models = codes_named(f.object)
        qs = qs.filter(
            Q(object_repr__icontains=f.object)
            | Q(object_type__icontains=f.object)
            | Q(object_type__in=sorted(codes))
        )
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
        _codes, models_named = codes_named(f.object)
        named = Q(content_type__model__icontains=f.object)
        for app_label, model in models_named:
            named |= Q(content_type__app_label=app_label, content_type__model=model)
        qs = qs.filter(Q(object_repr__icontains=f.object) | named)
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


# What the auditor's account-administration report lists (issue 12): every account
# created, role asked for, given, approved, refused or removed, and every reset.
ACCOUNT_ACTIONS = (
    AuditAction.ACCOUNT_CREATE,
    AuditAction.ROLE_REQUEST,
    AuditAction.ROLE_GRANT,
    AuditAction.ROLE_APPROVE,
    AuditAction.ROLE_REJECT,
    AuditAction.ROLE_REVOKE,
    AuditAction.PASSWORD_RESET,
    AuditAction.UNLOCK,
)


def account_entries(auditor: User, f: AuditFilter) -> QuerySet[AccessLog]:
    """Return the account-administration rows in the auditor's scope, filtered."""
    unfiltered = AuditFilter(user=f.user, object=f.object, date_from=f.date_from, date_to=f.date_to)
    actions = [f.action] if f.action in ACCOUNT_ACTIONS else list(ACCOUNT_ACTIONS)
    return access_entries(auditor, unfiltered).filter(action__in=actions)


def _account_detail(detail: dict[str, Any]) -> str:
    parts = []
    if detail.get("unit"):
        role = detail.get("role", "")
        label = Role(role).label if role in Role.values else role
        parts.append(f"{detail['unit']} · {label}")
    if detail.get("roles_awaiting_approval"):
        parts.append(
            _("roles awaiting approval again: %(roles)s")
            % {"roles": "、".join(detail["roles_awaiting_approval"])}
        )
    return "；".join(parts)


def account_row(e: AccessLog) -> AuditRow:
    """Return an account-administration row: who did what to which account, role and unit."""
    row = access_row(e)
    account = e.detail.get("account") or e.object_repr or EMPTY
    return AuditRow(
        at=row.at,
        user=row.user,
        action=row.action,
        object_type=row.object_type,
        object=account,
        detail=_account_detail(e.detail),
    )


@dataclass(frozen=True)
class AuditRow:
    """One audit entry as the auditor reads it: every code named, every value shown."""

    at: datetime
    user: str
    action: str
    object_type: str
    object: str
    detail: str

    @property
    def described(self) -> str:
        """Return the object with its type, as the page shows it."""
        if not self.object_type or self.object in (self.object_type, EMPTY):
            return self.object_type or self.object
        return f"{self.object_type} · {self.object}"


def access_row(e: AccessLog) -> AuditRow:
    return AuditRow(
        at=e.at,
        user=e.username or EMPTY,
        action=e.get_action_display(),
        object_type=object_type_name(e.object_type),
        # An export records its code as the object too: name it once.
        object=(
            object_type_name(e.object_type)
            if e.object_repr == e.object_type
            else e.object_repr or EMPTY
        ),
        detail=e.ip or "",
    )


def change_row(e: LogEntry) -> AuditRow:
    type_name = change_object_type_name(e)
    return AuditRow(
        at=e.timestamp,
        user=e.actor.username if e.actor else EMPTY,
        action=change_action_name(e.action),
        object_type=type_name,
        object=e.object_repr or EMPTY,
        detail=change_text(e),
    )


def rows_of(entries: Iterable[AccessLog] | Iterable[LogEntry], source: str) -> list[AuditRow]:
    """Return the page's entries (of the access or the change log) as the auditor reads them."""
    if source == "changes":
        return [change_row(e) for e in entries]
    return [access_row(e) for e in entries]


def export_table(auditor: User, f: AuditFilter) -> tuple[list[str], Iterator[tuple[object, ...]]]:
    """Return the headers and rows of an audit export for the filter."""
    last = _("Changes") if f.source == "changes" else _("IP address")
    headers = [_("Time"), _("User"), _("Action"), _("Object type"), _("Object"), last]
    entries: Iterator[Any]
    if f.source == "changes":
        entries = (change_row(e) for e in change_entries(auditor, f).iterator(chunk_size=2000))
    else:
        entries = (access_row(e) for e in access_entries(auditor, f).iterator(chunk_size=2000))
    return headers, (
        (
            timezone.localtime(r.at).replace(tzinfo=None),
            r.user,
            r.action,
            r.object_type,
            r.object,
            r.detail,
        )
        for r in entries
    )
