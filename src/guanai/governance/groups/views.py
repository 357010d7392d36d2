"""Pages of leading groups: a unit's groups, a group with its members by post, their duties
and history, the forms, and the A4 print page.

Reads go through ``groups.access`` and ``groups.selectors`` (a group outside the user's scope
is 404; a form of a group the user only reads is 403); writes through ``groups.services``,
a refusal shown beside its field.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.governance import access as governance_access
from guanai.governance import selectors as unit_selectors
from guanai.governance.groups import access, selectors, services
from guanai.governance.groups.forms import (
    DissolveForm,
    DutiesForm,
    GroupForm,
    MemberAddForm,
    MemberEndForm,
    MemberPostForm,
)
from guanai.governance.groups.printing import group_printed
from guanai.governance.models import GroupMember, LeadingGroup
from guanai.governance.pages import form_page, reader


def group_list(request: HttpRequest) -> HttpResponse:
    """The groups of one unit (``?unit=``; the user's first unit by default)."""
    user = reader(request)
    home = unit_selectors.home_units(user)
    unit = unit_selectors.unit_asked(user, request.GET.get("unit"))
    choices = home if any(u.pk == unit.pk for u in home) else [*home, unit]
    today = timezone.localdate()
    return render(
        request,
        "governance/groups/group_list.html",
        {
            "unit": unit,
            "units": choices,
            "groups": selectors.unit_groups(user, unit, today),
            "can_create": governance_access.can_manage(user, unit),
        },
    )


def group_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    units = access.managed_units(user)
    if not units.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {"established_on": timezone.localdate()}
    if (chosen := unit_selectors.number(request.GET.get("unit"))) is not None:
        initial["unit"] = chosen
    form = GroupForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(user, unit=form.cleaned_data["unit"], data=form.data_of())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The group %(name)s was set up.") % {"name": group.name})
            return redirect("governance:group_detail", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("New leading group"),
        cancel=reverse("governance:groups_index"),
    )


def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The group: its office and remit, the members serving by post with their duties, and the
    members who served before (the history)."""
    user = request_user(request)
    group = access.access_group(user, pk)
    today = timezone.localdate()
    members = selectors.current_members(group, today, viewer=user)
    return render(
        request,
        "governance/groups/group_detail.html",
        {
            "group": group,
            "members": members,
            "former": selectors.former_members(group, today, viewer=user),
            "printed": group_printed(group, members),
            "can_manage": group.dissolved_on is None and access.can_manage(user, group),
            "today": today,
        },
    )


def group_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The group on A4 as the plans print it."""
    user = request_user(request)
    group = access.access_group(user, pk)
    today = timezone.localdate()
    members = selectors.current_members(group, today, viewer=user)
    return render(
        request,
        "governance/groups/group_print.html",
        {"group": group, "printed": group_printed(group, members), "today": today},
    )


def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = access.access_group_to_manage(user, pk)
    form = GroupForm(request.POST or None, units=None, initial=GroupForm.initial_of(group))
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(user, group, version=posted_version(request), data=form.data_of())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The group was saved."))
            return redirect("governance:group_detail", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("Edit the group"),
        cancel=reverse("governance:group_detail", args=[group.pk]),
    )


def group_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = access.access_group_to_manage(user, pk)
    form = DissolveForm(
        request.POST or None,
        initial={"dissolved_on": timezone.localdate(), "version": group.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.group_dissolve(
                user,
                group,
                version=posted_version(request),
                on=form.cleaned_data["dissolved_on"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The group was dissolved; its members are kept."))
            return redirect("governance:group_detail", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("Dissolve %(name)s") % {"name": group.name},
        cancel=reverse("governance:group_detail", args=[group.pk]),
        submit=_("Dissolve"),
    )


def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    group = access.access_group_to_manage(user, pk)
    form = MemberAddForm(
        request.POST or None,
        users=selectors.user_choices(user),
        initial={"start_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(user, group, data=form.data_of())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": member.name})
            return redirect("governance:group_detail", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("Add a member to %(name)s") % {"name": group.name},
        cancel=reverse("governance:group_detail", args=[group.pk]),
    )


def _member_to_manage(request: HttpRequest, pk: int) -> tuple[User, GroupMember, LeadingGroup]:
    user = request_user(request)
    member = access.access_member_to_manage(user, pk)
    return user, member, member.group


def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's title and duties: a text, the units and persons they are responsible for."""
    user, member, group = _member_to_manage(request, pk)
    persons = selectors.person_choices(user, group)
    form = DutiesForm(
        request.POST or None,
        units=selectors.unit_choices(group),
        persons=persons,
        initial={
            "title": member.title,
            "duties": member.duties,
            "units": list(member.units.values_list("pk", flat=True)),
            "persons": list(
                member.persons.filter(pk__in=persons.values("pk")).values_list("pk", flat=True)
            ),
            "version": member.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                user, member, version=posted_version(request), data=form.data_of()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("The duties of %(name)s were saved.") % {"name": member.name}
            )
            return redirect("governance:group_detail", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("Duties of %(name)s") % {"name": member.name},
        cancel=reverse("governance:group_detail", args=[group.pk]),
    )


def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    user, member, group = _member_to_manage(request, pk)
    form = MemberEndForm(
        request.POST or None,
        initial={"end_on": timezone.localdate(), "version": member.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_end(
                user, member, version=posted_version(request), on=form.cleaned_data["end_on"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("%(name)s left the group; the row is kept.") % {"name": member.name}
            )
            return redirect("governance:group_detail", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("%(name)s leaves the group") % {"name": member.name},
        cancel=reverse("governance:group_detail", args=[group.pk]),
        submit=_("End the membership"),
    )


def member_post(request: HttpRequest, pk: int) -> HttpResponse:
    user, member, group = _member_to_manage(request, pk)
    form = MemberPostForm(
        request.POST or None,
        initial={"start_on": timezone.localdate(), "version": member.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_change_post(
                user,
                member,
                version=posted_version(request),
                post=data["post"],
                on=data["start_on"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("The post of %(name)s was changed.") % {"name": member.name}
            )
            return redirect("governance:group_detail", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("Change the post of %(name)s") % {"name": member.name},
        cancel=reverse("governance:group_detail", args=[group.pk]),
    )
