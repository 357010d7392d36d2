"""Pages of activity plans: the list, a new plan from a template, the plan month by month,
its items' forms, publish and copy, the A4 print page and the xlsx.

A plan or item outside the user's scope is a 404 (``access``); an edit form of a plan the
user reads but may not write is a 404 too (a class teacher reads the plan, does not edit it).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.activities import plans
from guanai.activities.models.plans import ActivityPlan, PlanStatus
from guanai.activities.plans.forms import ItemForm, PlanNewForm, PlanTitleForm, item_initial
from guanai.activities.plans.printing import owner_name, school_year_label
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.sheets.writing import XLSX


def form_page(
    request: HttpRequest, form: forms.Form, *, title: str, cancel: str, submit: str = ""
) -> HttpResponse:
    return render(
        request,
        "activities/plans/form.html",
        {"form": form, "title": title, "cancel_url": cancel, "submit_label": submit},
    )


def _editable(user: User, pk: int) -> ActivityPlan:
    plan = plans.access_plan(user, pk)
    if not plans.can_edit_plans(user, plan.org_unit):
        raise Http404
    return plan


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans of the user's units, newest school year first."""
    user = request_user(request)
    return render(
        request,
        "activities/plans/plan_list.html",
        {"plans": plans.plans_list(user), "can_create": plans.plan_units(user).exists()},
    )


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    """Make a plan from a template for one of the user's schools or kindergartens."""
    user = request_user(request)
    units = plans.plan_units(user)
    if not units.exists():
        raise PermissionDenied
    initial = {"school_year": plans.school_year_of(timezone.localdate())}
    if units.count() == 1:
        initial["unit"] = units.get().pk
    form = PlanNewForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = plans.plan_create_from_template(
                acting_user=user,
                org_unit=data["unit"],
                template_code=data["template"],
                school_year=data["school_year"],
                term=data["term"] or "",
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The plan was made from the template as a draft."))
            return redirect("activities:plan", pk=plan.pk)
    return form_page(
        request,
        form,
        title=_("New activity plan"),
        cancel=reverse("activities:plans"),
        submit=_("Make the plan"),
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan month by month; its editors get the links to change it."""
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    return render(
        request,
        "activities/plans/plan_detail.html",
        {
            "plan": plan,
            "months": plans.plan_months(plan, events_for=user),
            "year_label": school_year_label(plan),
            "can_edit": plans.can_edit_plans(user, plan.org_unit),
            "is_draft": plan.status == PlanStatus.DRAFT,
        },
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = _editable(user, pk)
    form = PlanTitleForm(
        request.POST or None, initial={"title": plan.title, "version": plan.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_update(
                acting_user=user,
                plan=plan,
                version=posted_version(request),
                title=form.cleaned_data["title"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("activities:plan", pk=pk)
    return form_page(
        request, form, title=_("Rename the plan"), cancel=reverse("activities:plan", args=[pk])
    )


@login_required
def item_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = _editable(user, pk)
    month = request.GET.get("month", "")
    form = ItemForm(
        request.POST or None,
        plan=plan,
        initial={"version": plan.version, "kind": "other", "month": month},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_item_add(
                acting_user=user, plan=plan, version=form.opened_version(), data=form.to_data()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The activity was added to the plan."))
            return redirect("activities:plan", pk=pk)
    return form_page(
        request, form, title=_("Add an activity"), cancel=reverse("activities:plan", args=[pk])
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    item = plans.access_plan_item(user, pk)
    plan = _editable(user, item.plan_id)
    form = ItemForm(request.POST or None, plan=plan, initial=item_initial(item, plan.version))
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_item_change(
                acting_user=user, item=item, version=form.opened_version(), data=form.to_data()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("activities:plan", pk=plan.pk)
    return render(
        request,
        "activities/plans/item_form.html",
        {
            "form": form,
            "item": item,
            "plan": plan,
            "title": _("Change an activity"),
            "cancel_url": reverse("activities:plan", args=[plan.pk]),
        },
    )


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    item = plans.access_plan_item(user, pk)
    plan = _editable(user, item.plan_id)
    try:
        plans.plan_item_remove(acting_user=user, item=item, version=posted_version(request))
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("activities:item_edit", pk=pk)
    messages.success(request, _("The activity was taken out of the plan."))
    return redirect("activities:plan", pk=plan.pk)


@login_required
@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = _editable(user, pk)
    try:
        plans.plan_publish(acting_user=user, plan=plan, version=posted_version(request))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The plan was published."))
    return redirect("activities:plan", pk=pk)


@login_required
@require_POST
def plan_copy(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = _editable(user, pk)
    try:
        copy = plans.plan_copy_to_next_year(acting_user=user, plan=plan)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("activities:plan", pk=pk)
    messages.success(
        request, _("The plan was copied to the next school year; dates keep their weekday.")
    )
    return redirect("activities:plan", pk=copy.pk)


@login_required
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan on A4, with the lines it is signed and stamped on."""
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    return render(
        request,
        "activities/plans/plan_print.html",
        {
            "plan": plan,
            "months": plans.plan_months(plan),
            "year_label": school_year_label(plan),
            "preparer": owner_name(plan),
        },
    )


@login_required
def plan_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    export = plans.plan_export(user=user, plan=plan, request=request)
    response = HttpResponse(export.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
