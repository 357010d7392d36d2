"""Roles that see persons: a leader gives them; a leader or the security administrator
approves those a system administrator asked for (two-person rule, issue 12)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping, services
from guanai.accounts.forms import RoleGrantForm
from guanai.accounts.models import Role
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError

PAGE_SIZE = 50


@login_required
def role_approvals(request: HttpRequest) -> HttpResponse:
    scoping.require_role(request.user, *scoping.APPROVERS)
    user = request_user(request)
    grant_form = None
    if scoping.has_role(user, *scoping.GRANTERS):
        grant_form = RoleGrantForm(
            request.POST or None,
            units=scoping.role_grant_units(user),
            accounts=scoping.users_visible(user),
        )
        if request.method == "POST" and grant_form.is_valid():
            data = grant_form.cleaned_data
            try:
                services.membership_grant(
                    acting_user=user,
                    user=data["username"],
                    org_unit=data["org_unit"],
                    role=Role(data["role"]),
                    request=request,
                )
            except DomainError as exc:
                grant_form.add_domain_error(exc)
            else:
                messages.success(request, _("The role was added."))
                return redirect("accounts:role_approvals")
    return render(
        request,
        "accounts/role_approvals.html",
        {
            "page": Paginator(scoping.memberships_awaiting(user), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "grant_form": grant_form,
        },
    )


@login_required
@require_POST
def role_decide(request: HttpRequest, pk: int) -> HttpResponse:
    scoping.require_role(request.user, *scoping.APPROVERS)
    user = request_user(request)
    membership = scoping.access_awaiting_membership(user, pk)
    try:
        if request.POST.get("decision") == "approve":
            services.membership_approve(acting_user=user, membership=membership, request=request)
            messages.success(request, _("The role was approved."))
        else:
            services.membership_reject(acting_user=user, membership=membership, request=request)
            messages.success(request, _("The role was refused."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("accounts:role_approvals")
