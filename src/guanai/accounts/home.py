"""The home page: what each role works with, showing only what exists."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from guanai.accounts import audit_log, scoping
from guanai.accounts.models import Role, User
from guanai.accounts.views_security import lockouts_visible
from guanai.orgs.models import KIND_RANK, OrgKind
from guanai.orgs.selectors import ancestors_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    held = scoping.roles(user)
    context: dict[str, object] = {"roles": held, "Role": Role}
    memberships = scoping.memberships(user)
    context["memberships"] = [(m, ancestors_of(m.org_unit)) for m in memberships]
    visible = scoping.org_units_visible(user)
    kind_labels = dict(OrgKind.choices)
    counts = visible.values("kind").annotate(n=Count("pk")).order_by()
    context["unit_counts"] = [
        (kind_labels[row["kind"]], row["n"])
        for row in sorted(counts, key=lambda row: KIND_RANK[row["kind"]])
    ]
    if Role.SYSADMIN in held:
        context["user_count"] = scoping.users_managed(user).count()
    if Role.SECADMIN in held:
        context["lockouts"] = lockouts_visible(user)
    if Role.AUDITOR in held:
        context["recent_events"] = audit_log.access_entries(user, audit_log.AuditFilter())[:10]
    return render(request, "home.html", context)
