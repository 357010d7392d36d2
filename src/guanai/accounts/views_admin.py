"""Pages of the system administrator: org units and accounts within their subtree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping, services
from guanai.accounts.forms import (
    MembershipForm,
    OrgUnitCreateForm,
    OrgUnitEditForm,
    ServiceErrorsMixin,
    UserCreateForm,
    UserEditForm,
)
from guanai.accounts.models import Membership, MembershipStatus, Role, User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.orgs import selectors as org_selectors
from guanai.orgs import services as org_services
from guanai.orgs.models import ADMIN_LEVEL, OrgKind

PAGE_SIZE = 50
MEMBERS_SHOWN = 20


@login_required
def org_list(request: HttpRequest) -> HttpResponse:
    visible = scoping.org_units_visible(request.user)
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    units = visible.select_related("parent")
    if query:
        units = units.filter(Q(name__icontains=query) | Q(code__startswith=query))
    if kind in OrgKind.values:
        units = units.filter(kind=kind)
    # Indent by depth below the user's own top unit, so their list starts at the margin.
    top = min((m.org_unit.depth for m in scoping.memberships(request.user)), default=0)
    units = units.annotate(indent=F("depth") - top)
    page = Paginator(units.order_by("path"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/org_list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": OrgKind.choices,
            "can_manage": scoping.has_role(request.user, Role.SYSADMIN),
        },
    )


@login_required
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = scoping.access_org_unit(request.user, pk)
    visible = scoping.org_units_visible(request.user)
    managed = scoping.org_units_managed(request.user).filter(pk=unit.pk).exists()
    members = Membership.objects.none()
    if managed:
        members = Membership.objects.filter(org_unit=unit).select_related("user")
    children = Paginator(org_selectors.children_with_counts(unit, visible), PAGE_SIZE)
    return render(
        request,
        "accounts/org_detail.html",
        {
            "unit": unit,
            "breadcrumb": org_selectors.breadcrumb_of(unit, visible),
            "page": children.get_page(request.GET.get("page")),
            # The first accounts only; the user list, filtered by the unit, shows them all.
            "members": members.order_by("role", "user__username")[:MEMBERS_SHOWN],
            "member_count": members.count(),
            "can_manage": managed,
        },
    )


@login_required
def org_create(request: HttpRequest) -> HttpResponse:
    scoping.require_role(request.user, Role.SYSADMIN)
    parents = scoping.org_units_managed(request.user).filter(kind__in=list(ADMIN_LEVEL))
    initial = {"parent": request.GET.get("parent")}
    form = OrgUnitCreateForm(request.POST or None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = org_services.org_unit_create(
                parent=form.cleaned_data["parent"],
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                code=form.cleaned_data["code"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("“%(name)s” was created.") % {"name": unit.name})
            return redirect("accounts:org_detail", pk=unit.pk)
    return render(request, "accounts/org_form.html", {"form": form, "title": _("New org unit")})


@login_required
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = scoping.access_org_unit(request.user, pk, manage=True)
    initial = {
        "phone": unit.phone,
        "name": unit.name,
        "code": unit.code,
        "is_active": unit.is_active,
        "version": unit.version,
    }
    form = OrgUnitEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.org_unit_edit(
                acting_user=request_user(request), unit=unit, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("“%(name)s” was saved.") % {"name": unit.name})
            return redirect("accounts:org_detail", pk=unit.pk)
    return render(
        request,
        "accounts/org_form.html",
        {"form": form, "unit": unit, "title": _("Edit %(name)s") % {"name": unit.name}},
    )


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    scoping.require_role(request.user, Role.SYSADMIN)
    query = request.GET.get("q", "").strip()
    users = scoping.users_managed(request.user)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        users = users.filter(memberships__org_unit_id=int(unit_id))
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    users = users.order_by("username").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("org_unit"))
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "query": query})


def _one_time_password_page(
    request: HttpRequest, account: User, password: str, *, created: bool
) -> HttpResponse:
    """Show a one-time password once: in this answer only, never stored nor cached."""
    pending = account.memberships.filter(status=MembershipStatus.PENDING).select_related("org_unit")
    response = render(
        request,
        "accounts/one_time_password.html",
        {"account": account, "password": password, "created": created, "pending": pending},
    )
    add_never_cache_headers(response)
    return response


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    scoping.require_role(request.user, Role.SYSADMIN)
    form = UserCreateForm(request.POST or None, units=scoping.org_units_managed(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.account_create(
                acting_user=request_user(request), request=request, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return _one_time_password_page(request, user, password, created=True)
    return render(request, "accounts/user_form.html", {"form": form, "title": _("New account")})


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = scoping.access_user(request.user, pk, manage=True)
    units = scoping.org_units_managed(request.user)
    edit_form = UserEditForm(
        request.POST if request.POST.get("form") == "edit" else None,
        initial={"full_name": account.full_name, "is_active": account.is_active},
    )
    membership_form = MembershipForm(
        request.POST if request.POST.get("form") == "membership" else None, units=units
    )
    if request.method == "POST" and request.POST.get("form") == "password":
        password = services.password_reset(
            acting_user=request_user(request), user=account, request=request
        )
        return _one_time_password_page(request, account, password, created=False)
    if request.method == "POST" and _user_detail_post(request, account, edit_form, membership_form):
        return redirect("accounts:user_detail", pk=account.pk)
    memberships = account.memberships.select_related("org_unit", "decided_by").order_by(
        "org_unit__path"
    )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "memberships": memberships,
            "edit_form": edit_form,
            "membership_form": membership_form,
            "managed_unit_ids": set(units.values_list("pk", flat=True)),
            "Status": MembershipStatus,
        },
    )


def _user_detail_post(
    request: HttpRequest,
    account: User,
    edit_form: UserEditForm,
    membership_form: MembershipForm,
) -> bool:
    """Apply whichever of the two forms was posted; return True on success."""
    acting = request_user(request)
    which = request.POST.get("form")
    try:
        if which == "edit" and edit_form.is_valid():
            services.user_update(user=account, acting_user=acting, **edit_form.cleaned_data)
            messages.success(request, _("The account was saved."))
            return True
        if which == "membership" and membership_form.is_valid():
            membership = services.membership_grant(
                acting_user=acting,
                user=account,
                org_unit=membership_form.cleaned_data["org_unit"],
                role=Role(membership_form.cleaned_data["role"]),
                request=request,
            )
            if membership.status == MembershipStatus.PENDING:
                messages.success(
                    request,
                    _(
                        "The role waits for the approval of a leader of the unit or the "
                        "security administrator."
                    ),
                )
            else:
                messages.success(request, _("The role was added."))
            return True
    except DomainError as exc:
        forms: dict[str, ServiceErrorsMixin] = {"edit": edit_form, "membership": membership_form}
        forms[which if which in forms else "edit"].add_domain_error(exc)
    return False


@login_required
@require_POST
def membership_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    membership = scoping.access_membership(request.user, pk)
    try:
        services.membership_revoke(
            acting_user=request_user(request), membership=membership, request=request
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The role was removed."))
    return redirect("accounts:user_detail", pk=membership.user_id)
