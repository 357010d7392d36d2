"""Pages of annual work plans: a unit's plans and those sent down from above, a new plan from
the outline, the plan (its four parts, the timetable by month, the linked activity plans),
its forms, publish and withdraw, and the A4 print page.

Reads go through ``plans.access`` (a plan outside the user's scope is 404; a form of a plan
the user only reads is 403); writes through ``plans.services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.governance import access as governance_access
from guanai.governance import extensions
from guanai.governance import selectors as unit_selectors
from guanai.governance.groups import access as group_access
from guanai.governance.groups.selectors import serving
from guanai.governance.models import GroupMember, LeadingGroup, PlanStatus, WorkPlan
from guanai.governance.pages import form_page, reader
from guanai.governance.plans import access, selectors, services
from guanai.governance.plans.forms import PlanForm, PlanNewForm, TaskForm


def plan_list(request: HttpRequest) -> HttpResponse:
    """A unit's plans year by year (``?unit=``), and this year's plans of the units above."""
    user = reader(request)
    home = unit_selectors.home_units(user)
    unit = unit_selectors.unit_asked(user, request.GET.get("unit"))
    today = timezone.localdate()
    return render(
        request,
        "governance/plans/plan_list.html",
        {
            "unit": unit,
            "units": home if any(u.pk == unit.pk for u in home) else [*home, unit],
            "plans": selectors.unit_plans(user, unit),
            "from_above": selectors.plans_sent_down(user, unit, today.year),
            "year": today.year,
            "can_create": governance_access.can_manage(user, unit),
        },
    )


def plan_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    units = group_access.managed_units(user)
    if not units.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {"year": timezone.localdate().year}
    if (chosen := unit_selectors.number(request.GET.get("unit"))) is not None:
        initial["unit"] = chosen
    if (year := unit_selectors.number(request.GET.get("year"))) is not None:
        initial["year"] = year
    form = PlanNewForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                user, unit=form.cleaned_data["unit"], year=form.cleaned_data["year"]
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The plan was made from the outline; edit it now."))
            return redirect("governance:plan_detail", pk=plan.pk)
    return form_page(
        request,
        form,
        title=_("New annual work plan"),
        cancel=reverse("governance:plans_index"),
        submit=_("Make the plan"),
    )


def _context(user: User, plan: WorkPlan) -> dict[str, Any]:
    return {
        "plan": plan,
        "months": selectors.plan_months(plan),
        "parts": [
            (_("Guiding thought"), plan.guiding),
            (_("Work goals"), plan.goals),
            (_("Main measures"), plan.measures),
            (_("Work requirements"), plan.requirements),
        ],
    }


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = access.access_plan(user, pk)
    draft = plan.status == PlanStatus.DRAFT
    context = _context(user, plan)
    context.update(
        {
            "links": extensions.plan_links(user, plan.org_unit, plan.year),
            "can_edit": draft and governance_access.can_manage(user, plan.org_unit),
            "can_lead": governance_access.can_lead(user, plan.org_unit),
            "draft": draft,
        }
    )
    return render(request, "governance/plans/plan_detail.html", context)


def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = access.access_plan(user, pk)
    return render(request, "governance/plans/plan_print.html", _context(user, plan))


def _groups_of(plan: WorkPlan) -> QuerySet[LeadingGroup]:
    return LeadingGroup.objects.filter(org_unit=plan.org_unit, dissolved_on__isnull=True)


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = access.access_plan_to_edit(user, pk)
    form = PlanForm(
        request.POST or None, groups=_groups_of(plan), initial=PlanForm.initial_of(plan)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(user, plan, version=posted_version(request), data=form.data_of())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("governance:plan_detail", pk=plan.pk)
    return form_page(
        request,
        form,
        title=_("Edit the plan"),
        cancel=reverse("governance:plan_detail", args=[plan.pk]),
    )


def _owners(plan: WorkPlan) -> QuerySet[GroupMember]:
    """The members a task may name: those serving in the plan's group today."""
    if plan.group is None:
        return GroupMember.objects.none()
    return serving(plan.group, timezone.localdate())


def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = access.access_plan_to_edit(user, pk)
    form = TaskForm(request.POST or None, owners=_owners(plan), initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.task_add(user, plan, version=posted_version(request), data=form.data_of())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The task was added to the timetable."))
            return redirect("governance:plan_detail", pk=plan.pk)
    return form_page(
        request,
        form,
        title=_("Add a task to the timetable"),
        cancel=reverse("governance:plan_detail", args=[plan.pk]),
    )


def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    task = access.access_task_to_edit(user, pk)
    plan = task.plan
    form = TaskForm(
        request.POST or None,
        owners=_owners(plan),
        initial={
            "month": task.month,
            "title": task.title,
            "detail": task.detail,
            "owners": list(task.owners.values_list("pk", flat=True)),
            "version": plan.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(user, task, version=posted_version(request), data=form.data_of())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The task was saved."))
            return redirect("governance:plan_detail", pk=plan.pk)
    return form_page(
        request,
        form,
        title=_("Edit the task"),
        cancel=reverse("governance:plan_detail", args=[plan.pk]),
    )


@require_POST
def task_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    task = access.access_task_to_edit(user, pk)
    try:
        services.task_remove(user, task, version=posted_version(request))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The task was taken off the timetable."))
    return redirect("governance:plan_detail", pk=task.plan_id)


def _lead_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = request_user(request)
    plan = access.access_plan(user, pk)
    if not governance_access.can_lead(user, plan.org_unit):
        raise PermissionDenied
    try:
        if action == "publish":
            services.plan_publish(user, plan, version=posted_version(request))
            messages.success(request, _("The plan was published to the units below."))
        else:
            services.plan_withdraw(user, plan, version=posted_version(request))
            messages.success(request, _("The plan was withdrawn to draft."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("governance:plan_detail", pk=plan.pk)


@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _lead_action(request, pk, "publish")


@require_POST
def plan_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _lead_action(request, pk, "withdraw")
