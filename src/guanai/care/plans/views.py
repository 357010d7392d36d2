"""Pages of assistance plans and their reviews. Forms (``forms``) parse input; the
services decide; the reads come from ``access`` and ``selectors``.

A person or plan outside the user's scope is a 404; so is a form the user may not use for
an object they can read (a viewer reads a plan but does not get its edit form).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES, User
from guanai.accounts.requests import request_user
from guanai.care import plans
from guanai.care.models import AssistancePlan, PlanDomain, PlanStatus
from guanai.care.permissions import can_care_for
from guanai.care.plans.forms import CloseForm, PlanFilterForm, PlanForm, ReviewForm
from guanai.care.plans.terms import term_of
from guanai.core.errors import DomainError
from guanai.core.paging import page_of
from guanai.registry.selectors import access_person


def form_page(
    request: HttpRequest, form: forms.Form, *, title: str, cancel: str, submit: str = ""
) -> HttpResponse:
    """Render one of the plans' simple forms (care/plans/form.html)."""
    return render(
        request,
        "care/plans/form.html",
        {"form": form, "title": title, "cancel_url": cancel, "submit_label": submit},
    )


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans of the user's units (or paired persons), filtered; leaders also get the
    drafts waiting for their approval (``?waiting=1``)."""
    user = request_user(request)
    scoping.require_role(user, *DATA_ROLES)
    waiting = request.GET.get("waiting") == "1"
    form = PlanFilterForm(request.GET or None, units=scoping.org_units_with_data(user))
    search = form.to_filter(waiting=waiting)
    page = page_of(plans.plans_search(user, search), request.GET.get("page"))
    today = timezone.localdate()
    rows = [{"plan": p, "overdue": plans.is_overdue(p, today)} for p in page]
    return render(
        request,
        "care/plans/plan_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "waiting": waiting,
            "waiting_count": plans.plans_waiting_count(user),
        },
    )


# The longest goals a link may prefill (a survey's problem is a short phrase).
PREFILL_MAX = 500


def _plan_initial(user: User, candidates: QuerySet[User], asked: Any = None) -> dict[str, Any]:
    """Start today, end with the term, the user responsible if they may be; the domain and
    the goals a link gave (``?domain=&goals=``, e.g. a survey's problem), when they fit."""
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "starts_on": today,
        "ends_on": term_of(today).last_day,
    }
    if candidates.filter(pk=user.pk).exists():
        initial["responsible"] = user.pk
    if asked is not None:
        if asked.get("domain") in PlanDomain.values:
            initial["domain"] = asked["domain"]
        goals = " ".join(asked.get("goals", "").split())
        if goals and len(goals) <= PREFILL_MAX:
            initial["goals"] = goals
    return initial


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    """Draft a plan for ``?person=<pk>``, a person the user may care for."""
    user = request_user(request)
    raw = request.GET.get("person", "")
    if not raw.isdigit():
        messages.info(request, _("Open a person's progress archive and draft the plan there."))
        return redirect("care:plan_list")
    person = access_person(user, int(raw))
    if not can_care_for(user, person):
        raise Http404
    candidates = plans.responsible_candidates(person)
    form = PlanForm(
        request.POST or None,
        candidates=candidates,
        initial=_plan_initial(user, candidates, request.GET),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.plan_create(acting_user=user, person=person, data=form.to_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The plan was saved as a draft; a leader approves it."))
            return redirect("care:plan_detail", pk=plan.pk)
    return form_page(
        request,
        form,
        title=_("New assistance plan for %(name)s") % {"name": person.name},
        cancel=reverse("care:progress_archive", args=[person.pk]),
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    is_open = plan.status in (PlanStatus.DRAFT, PlanStatus.ACTIVE)
    may_edit = is_open and plans.can_edit_plan(user, plan)
    started = plans.review_opens(plan, timezone.localdate())
    return render(
        request,
        "care/plans/plan_detail.html",
        {
            "plan": plan,
            "reviews": plans.reviews_of(plan),
            "overdue": plans.is_overdue(plan),
            "can_edit": may_edit,
            "can_close": may_edit,
            "can_approve": plan.status == PlanStatus.DRAFT and plans.can_approve_plan(user, plan),
            "can_review": plan.status == PlanStatus.ACTIVE
            and started
            and plans.can_review_plan(user, plan),
            "reviews_from": None if started else plan.starts_on,
        },
    )


def _ended(request: HttpRequest, plan: AssistancePlan) -> HttpResponse:
    messages.error(
        request,
        _("This plan is %(status)s and can no longer be changed.")
        % {"status": plan.get_status_display()},
    )
    return redirect("care:plan_detail", pk=plan.pk)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    if not plans.can_edit_plan(user, plan):
        raise Http404
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.ACTIVE):
        return _ended(request, plan)
    initial = {f: getattr(plan, f) for f in plans.PLAN_FIELDS}
    initial.update({"responsible": plan.responsible_id, "version": plan.version})
    form = PlanForm(
        request.POST or None,
        candidates=plans.responsible_candidates(plan.person),
        initial=initial,
    )
    if plan.status == PlanStatus.ACTIVE and not plans.can_approve_plan(user, plan):
        # An approved plan's goals and span are the leader's: shown, not editable.
        for name in plans.LEADER_FIELDS:
            form.fields[name].disabled = True
            form.fields[name].help_text = _("Changed only by a leader once the plan is approved.")
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_update(
                acting_user=user,
                plan=plan,
                version=form.cleaned_data["version"] or 0,
                data=form.to_data(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("care:plan_detail", pk=pk)
    return form_page(
        request,
        form,
        title=_("Edit the plan for %(name)s") % {"name": plan.person.name},
        cancel=reverse("care:plan_detail", args=[pk]),
    )


def _next_or(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    try:
        plans.plan_approve(acting_user=user, plan=plan)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The plan for %(name)s was approved and is now active.") % {"name": plan.person.name},
        )
    return _next_or(request, reverse("care:plan_detail", args=[pk]))


@login_required
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    if not plans.can_edit_plan(user, plan):
        raise Http404
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.ACTIVE):
        return _ended(request, plan)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_close(
                acting_user=user,
                plan=plan,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["closing_note"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The plan was ended."))
            return redirect("care:plan_detail", pk=pk)
    return form_page(
        request,
        form,
        title=_("End the plan for %(name)s") % {"name": plan.person.name},
        cancel=reverse("care:plan_detail", args=[pk]),
        submit=_("End the plan"),
    )


@login_required
def plan_review_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    plan = plans.access_plan(user, pk)
    if not plans.can_review_plan(user, plan):
        raise Http404
    if plan.status != PlanStatus.ACTIVE:
        messages.error(
            request,
            _("Only an approved plan that is running is reviewed; this one is %(status)s.")
            % {"status": plan.get_status_display()},
        )
        return redirect("care:plan_detail", pk=pk)
    today = timezone.localdate()
    if not plans.review_opens(plan, today):
        messages.info(
            request,
            _("The plan starts on %(date)s; it is reviewed from that day on.")
            % {"date": date_format(plan.starts_on)},
        )
        return redirect("care:plan_detail", pk=pk)
    form = ReviewForm(request.POST or None, initial={"reviewed_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            plans.review_add(acting_user=user, plan=plan, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect("care:plan_detail", pk=pk)
    return form_page(
        request,
        form,
        title=_("Review the plan for %(name)s") % {"name": plan.person.name},
        cancel=reverse("care:plan_detail", args=[pk]),
    )
