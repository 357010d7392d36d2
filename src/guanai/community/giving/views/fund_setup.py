"""Setting a charity fund up: opening it, moving its charity day, opening the charity
day's campaign of a year. Each form calls the service the API calls."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.community import giving
from guanai.community.giving.forms import CampaignForm, CharityDayForm, FundForm
from guanai.community.giving.views.funds import funds_reader
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version


def fund_new(request: HttpRequest) -> HttpResponse:
    """A leader opens the charity fund of a county or township without one."""
    user = funds_reader(request)
    if not giving.fund_units(user).exists():
        raise PermissionDenied
    form = FundForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            fund = giving.fund_open(
                acting_user=user,
                org_unit=c["unit"],
                name=c["name"],
                opened_on=c["opened_on"],
                charity_month=c["charity_month"],
                charity_day=c["charity_day"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The charity fund is open."))
            return redirect("community:fund_detail", pk=fund.pk)
    return render(
        request,
        "community/giving/fund_setup_form.html",
        {
            "form": form,
            "title": _("Open a charity fund"),
            "submit_label": _("Open the fund"),
            "cancel_url": reverse("community:funds"),
        },
    )


def fund_charity_day(request: HttpRequest, pk: int) -> HttpResponse:
    """A leader of the fund's unit moves its charity day (month and day)."""
    user = funds_reader(request)
    fund = giving.access_fund(user, pk)
    if not giving.can_open_fund(user, fund.org_unit):
        raise PermissionDenied
    form = CharityDayForm(
        request.POST or None,
        initial={
            "version": fund.version,
            "charity_month": fund.charity_month,
            "charity_day": fund.charity_day,
        },
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            giving.fund_set_charity_day(
                acting_user=user,
                fund=fund,
                version=posted_version(request),
                month=c["charity_month"],
                day=c["charity_day"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The charity day is moved."))
            return redirect("community:fund_detail", pk=fund.pk)
    return render(
        request,
        "community/giving/fund_setup_form.html",
        {
            "form": form,
            "fund": fund,
            "title": _("Move the charity day"),
            "submit_label": _("Save"),
            "cancel_url": reverse("community:fund_detail", args=[fund.pk]),
        },
    )


def campaign_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the campaign of the fund's charity day in a year (this year's, filled in)."""
    user = funds_reader(request)
    fund = giving.access_fund(user, pk)
    if not giving.can_request_grant(user, fund):
        raise PermissionDenied
    this_year = timezone.localdate().year
    form = CampaignForm(request.POST or None, initial={"year": this_year})
    if request.method == "POST" and form.is_valid():
        try:
            giving.campaign_charity_day(acting_user=user, fund=fund, year=form.cleaned_data["year"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The charity day's campaign is open."))
            return redirect("community:fund_detail", pk=fund.pk)
    try:
        day: date | None = date(this_year, fund.charity_month, fund.charity_day)
    except ValueError:  # 29 February in a common year
        day = None
    return render(
        request,
        "community/giving/fund_setup_form.html",
        {
            "form": form,
            "fund": fund,
            "charity_day": day,
            "title": _("Open the charity day's campaign"),
            "submit_label": _("Open the campaign"),
            "cancel_url": reverse("community:fund_detail", args=[fund.pk]),
        },
    )
