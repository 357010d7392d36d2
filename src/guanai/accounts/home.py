"""The home page: what each role works with, showing only what exists."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from guanai.accounts import audit_log, scoping, selectors
from guanai.accounts.models import Role
from guanai.accounts.requests import request_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    held = scoping.roles(user)
    # A helper's home is the work list of this week, not a dashboard (DESIGN §6).
    if held and held <= {Role.HELPER, Role.VOLUNTEER}:
        return redirect("care:worklist")
    context: dict[str, object] = {
        "roles": held,
        "Role": Role,
        "memberships": selectors.memberships_with_paths(user),
        "awaiting_own": selectors.memberships_awaiting_own(user),
        "unit_counts": selectors.unit_counts_by_kind(user),
    }
    if Role.SYSADMIN in held:
        context["user_count"] = scoping.users_managed(user).count()
    if held & scoping.APPROVERS:
        # What needs their approval (DESIGN §6): roles a system administrator asked for.
        context["awaiting_roles"] = scoping.memberships_awaiting(user).count()
    if Role.SECADMIN in held:
        context["lockouts"] = selectors.lockouts_visible(user)
    if Role.AUDITOR in held:
        recent = audit_log.access_entries(user, audit_log.AuditFilter())[:10]
        context["recent_events"] = [audit_log.access_row(e) for e in recent]
    return render(request, "home.html", context)
