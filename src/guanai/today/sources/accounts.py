"""The accounts sources: roles waiting for approval, locked accounts."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts import selectors as account_selectors
from guanai.accounts.models import Role, User
from guanai.today.items import EMPTY, SHOWN, Batch, Task
from guanai.today.sources.common import day, first


def roles_to_approve(user: User, today: date) -> Batch:
    """Roles a system administrator gave that wait for this user's approval."""
    if not scoping.units_for(user, scoping.APPROVERS):
        return EMPTY
    found = scoping.memberships_awaiting(user)
    total = found.count()
    tasks = [
        Task(
            kind="role",
            kind_label=gettext_lazy("Role approval"),
            subject=m.user.get_full_name() or m.user.username,
            where=m.org_unit.name,
            detail=str(m.get_role_display()),
            why=_("Asked on %(date)s") % {"date": day(m.created_at)},
            when=timezone.localdate(m.created_at),
            overdue=False,
            action_label=_("Approve or refuse"),
            action_url=reverse("accounts:role_approvals"),
        )
        for m in found[:SHOWN]
    ]
    return first(tasks, total, _("Role approvals"), reverse("accounts:role_approvals"))


def lockouts(user: User, today: date) -> Batch:
    """Accounts locked after failed logins, for the security administrator to look at."""
    if Role.SECADMIN not in scoping.roles(user):
        return EMPTY
    found = account_selectors.lockouts_visible(user)
    tasks = [
        Task(
            kind="lockout",
            kind_label=gettext_lazy("Locked account"),
            subject=attempt.username,
            where="",
            detail="",
            why=_("Locked on %(date)s") % {"date": day(attempt.attempt_time)},
            when=timezone.localdate(attempt.attempt_time),
            overdue=False,
            action_label=_("Security"),
            action_url=reverse("accounts:security"),
        )
        for attempt in found
    ]
    return first(tasks, len(tasks), _("Security"), reverse("accounts:security"))
