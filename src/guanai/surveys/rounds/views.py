"""Rounds pages: the rounds a user sees with their own tasks, a new round, a round's
progress per unit with its case list, the assignment page, the persons found, close and
reopen.

Reads go through ``rounds`` (scoped: a round or case the user may not see is 404); writes
through its services, a refusal shown beside its field.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.core.paging import page_of
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.surveys import rounds
from guanai.surveys.models import Round, RoundStatus
from guanai.surveys.rounds.forms import AssignForm, CaseFilterForm, FoundForm, RoundForm


def reader(request: HttpRequest) -> User:
    """The user, if their roles open the rounds pages (403 otherwise)."""
    user = request_user(request)
    if not rounds.can_open_rounds(user):
        raise PermissionDenied
    return user


def round_list(request: HttpRequest) -> HttpResponse:
    """The rounds the user sees, the user's own tasks first."""
    user = reader(request)
    found = rounds.rounds_visible(user).select_related("org_unit", "form__questionnaire")
    tasks = rounds.my_tasks(user)
    return render(
        request,
        "surveys/round_list.html",
        {
            "page": page_of(found, request.GET.get("page")),
            "tasks": tasks[:10],
            "task_count": tasks.count(),
            "can_create": bool(scoping.units_for(user, rounds.RUNNERS)),
        },
    )


def my_cases(request: HttpRequest) -> HttpResponse:
    """我的调查任务: the cases given to the user in open rounds, each with its fill button."""
    user = reader(request)
    return render(
        request,
        "surveys/case_tasks.html",
        {"page": page_of(rounds.my_tasks(user), request.GET.get("page"))},
    )


def round_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    units = scoping.units_for(user, rounds.RUNNERS)
    if not units:
        raise PermissionDenied
    today = timezone.localdate()
    form = RoundForm(request.POST or None, units=units, initial={"starts_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            round_ = rounds.round_create(acting_user=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("The round %(title)s was created with %(count)s persons.")
                % {"title": round_.title, "count": round_.cases.count()},
            )
            return redirect("surveys:round_detail", pk=round_.pk)
    return render(
        request,
        "surveys/round_form.html",
        {"form": form, "title": _("New survey round")},
        status=400 if form.errors else 200,
    )


def _units_of(user: User, round_: Round) -> QuerySet[OrgUnit]:
    return scoping.org_units_with_data(user).filter(subtree_q([round_.org_unit])).order_by("path")


def _filters(request: HttpRequest, user: User, round_: Round) -> tuple[CaseFilterForm, Any]:
    form = CaseFilterForm(
        request.GET,
        units=_units_of(user, round_),
        users=rounds.assignable_users(user, round_),
    )
    data = form.cleaned_data if form.is_valid() else {}
    found = {"yes": True, "no": False}.get(data.get("found") or "")
    return form, rounds.CaseFilter(
        unit=data.get("unit"),
        status=data.get("status") or "",
        assignee=data.get("assignee"),
        unassigned=data.get("unassigned") == "yes",
        found=found,
    )


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's progress per unit (``?unit=`` drills down) and its cases, filtered."""
    user = reader(request)
    round_ = rounds.access_round(user, pk)
    form, filters = _filters(request, user, round_)
    progress, total = rounds.round_progress(user, round_, filters.unit)
    cases = rounds.cases_of_round(user, round_, filters)
    return render(
        request,
        "surveys/round_detail.html",
        {
            "round": round_,
            "filter_form": form,
            "progress": progress,
            "total": total,
            "page": page_of(cases, request.GET.get("page")),
            "can_run": rounds.can_run(user, round_.org_unit),
            "can_assign": rounds.runs_part_of(user, round_),
            "query": _query_without_page(request),
        },
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _runner_round(request: HttpRequest, pk: int) -> tuple[User, Round]:
    user = reader(request)
    round_ = rounds.access_round(user, pk)
    if not rounds.runs_part_of(user, round_):
        raise PermissionDenied
    return user, round_


@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    round_ = rounds.access_round(user, pk)
    if not rounds.can_run(user, round_.org_unit):
        raise PermissionDenied
    reopen = request.POST.get("reopen") == "1"
    try:
        if reopen:
            rounds.round_reopen(acting_user=user, round_=round_)
        else:
            rounds.round_close(acting_user=user, round_=round_)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("The round is open again.") if reopen else _("The round is closed.")
        )
    return redirect("surveys:round_detail", pk=round_.pk)


def round_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick cases by unit, status or not yet assigned, tick them and give them to a helper
    of the unit's subtree (or take them back)."""
    user, round_ = _runner_round(request, pk)
    form, filters = _filters(request, user, round_)
    cases = rounds.cases_of_round(user, round_, filters)
    page = page_of(cases, request.GET.get("page"))
    users = rounds.assignable_users(user, round_, filters.unit)
    assign = AssignForm(
        request.POST or None, case_ids=[c.pk for c in page.object_list], users=users
    )
    if request.method == "POST" and assign.is_valid():
        data = assign.cleaned_data
        if data["all_matching"]:
            data["case_ids"] = list(cases.values_list("pk", flat=True))
        try:
            if data["unassign"]:
                count = rounds.cases_unassign(
                    acting_user=user, round_=round_, case_ids=data["case_ids"]
                )
            else:
                count = rounds.cases_assign(
                    acting_user=user,
                    round_=round_,
                    case_ids=data["case_ids"],
                    assignee=data["assignee"],
                )
        except DomainError as exc:
            assign.add_domain_error(exc)
        else:
            messages.success(request, _("%(count)s persons changed.") % {"count": count})
            query = _query_without_page(request)
            target = request.path + (f"?{query}" if query else "")
            return redirect(target)
    return render(
        request,
        "surveys/round_assign.html",
        {
            "round": round_,
            "filter_form": form,
            "assign_form": assign,
            "page": page,
            "users": users,
            "query": _query_without_page(request),
            "matching": page.paginator.count,
        },
        status=400 if assign.errors else 200,
    )


def round_found(request: HttpRequest, pk: int) -> HttpResponse:
    """发现未建档: the persons the survey found who were not on file, and the form to add one."""
    user = reader(request)
    round_ = rounds.access_round(user, pk)
    units = (
        scoping.org_units_with_data(user)
        .filter(subtree_q([round_.org_unit]))
        .filter(subtree_q(scoping.units_for(user, rounds.ASSIGNEES)))
        .order_by("path")
    )
    form = FoundForm(
        request.POST or None,
        units=units,
        categories=list(round_.form.questionnaire.categories),
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = rounds.case_found_add(acting_user=user, round_=round_, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": case.name})
            return redirect("surveys:round_found", pk=round_.pk)
    return render(
        request,
        "surveys/round_found.html",
        {
            "round": round_,
            "form": form,
            "can_add": round_.status == RoundStatus.OPEN and units.exists(),
            "page": page_of(rounds.found_cases(user, round_), request.GET.get("page")),
        },
        status=400 if form.errors else 200,
    )
