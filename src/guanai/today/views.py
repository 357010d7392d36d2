"""The "today" page: the first page after login, for every role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from guanai.accounts import audit_log, scoping
from guanai.accounts import selectors as account_selectors
from guanai.accounts.models import Role
from guanai.accounts.requests import request_user
from guanai.today.board import today_for


def today_page(request: HttpRequest) -> HttpResponse:
    """What the user must do now, most urgent first, then their units and roles."""
    user = request_user(request)
    held = scoping.roles(user)
    context: dict[str, object] = {
        "today": today_for(user),
        "Role": Role,
        "roles": held,
        "memberships": account_selectors.memberships_with_paths(user),
        "awaiting_own": account_selectors.memberships_awaiting_own(user),
    }
    if Role.AUDITOR in held:
        recent = audit_log.access_entries(user, audit_log.AuditFilter())[:10]
        context["recent_events"] = [audit_log.access_row(e) for e in recent]
    return render(request, "today/today.html", context)
