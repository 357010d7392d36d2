"""The charity funds: the list, a fund's page (balance, grants waiting, campaigns, monthly
figures, the year's entries), a grant's form and decision, the yearly statement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.community import giving
from guanai.community.giving.forms import DecisionForm, GrantForm, PersonGrantForm
from guanai.community.giving.views.picking import chosen_person, pick_page, search_text
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.sheets.writing import XLSX


def funds_reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not giving.can_open_funds(user):
        raise PermissionDenied
    return user


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    this_year = timezone.localdate().year
    if text.isascii() and text.isdigit() and 2000 <= int(text) <= this_year + 1:
        return int(text)
    return this_year


def fund_list(request: HttpRequest) -> HttpResponse:
    user = funds_reader(request)
    funds = giving.funds_visible(user).order_by("org_unit__path")
    return render(
        request,
        "community/giving/fund_list.html",
        {"funds": funds, "can_open": giving.fund_units(user).exists()},
    )


def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = funds_reader(request)
    fund = giving.access_fund(user, pk)
    year = _year(request)
    statement = giving.statement_of(fund, year)
    return render(
        request,
        "community/giving/fund_detail.html",
        {
            "fund": fund,
            "year": year,
            "statement": statement,
            "waiting": list(giving.grants_waiting(fund)),
            "campaigns": list(giving.campaigns_of(fund)),
            "months": giving.month_figures(fund.org_unit, year),
            "can_request": giving.can_request_grant(user, fund),
            "can_approve": giving.can_approve_grant(user, fund),
            "can_set_day": giving.can_open_fund(user, fund.org_unit),
        },
    )


def grant_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = funds_reader(request)
    fund = giving.access_fund(user, pk)
    if not giving.can_request_grant(user, fund):
        raise PermissionDenied
    units = OrgUnit.objects.filter(subtree_q([fund.org_unit]), is_active=True).order_by("path")
    form = GrantForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            grant = giving.grant_request(
                acting_user=user,
                fund=fund,
                amount=c["amount"],
                reason=c["reason"],
                org_unit=c["unit"],
                on=c["on"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _granted(grant.status))
            return redirect("community:fund_detail", pk=fund.pk)
    return render(request, "community/giving/grant_form.html", {"form": form, "fund": fund})


def grant_person_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A grant to a person of the fund's unit: choose the person, then the amount."""
    user = funds_reader(request)
    fund = giving.access_fund(user, pk)
    if not giving.can_request_grant(user, fund):
        raise PermissionDenied
    person = chosen_person(request, user)
    if person is None:
        search, text = search_text(request)
        return pick_page(
            request,
            title=_("Grant to a person: choose the person"),
            search=search,
            persons=giving.persons_for_grant(user, fund, text),
            target=request.path,
            cancel=reverse("community:fund_detail", args=[fund.pk]),
        )
    form = PersonGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            grant = giving.grant_request(
                acting_user=user,
                fund=fund,
                amount=c["amount"],
                reason=c["reason"],
                person=person,
                on=c["on"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _granted(grant.status))
            return redirect("community:fund_detail", pk=fund.pk)
    return render(
        request,
        "community/giving/grant_form.html",
        {"form": form, "fund": fund, "person": person},
    )


def _granted(status: str) -> str:
    if status == "approved":
        return _("The grant is made.")
    return _("The grant waits for a leader's approval.")


@require_POST
def grant_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = funds_reader(request)
    grant = giving.access_grant(user, pk)
    if not giving.can_approve_grant(user, grant.fund):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or refuse the grant."))
        return redirect("community:fund_detail", pk=grant.fund_id)
    try:
        giving.grant_decide(
            acting_user=user,
            grant=grant,
            version=posted_version(request),
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The grant is decided."))
    return redirect("community:fund_detail", pk=grant.fund_id)


def fund_statement_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    user = funds_reader(request)
    fund = giving.access_fund(user, pk)
    export = giving.statement_export(
        acting_user=user, fund=fund, year=_year(request), request=request
    )
    response = HttpResponse(export.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
