"""The policy catalogue page: the standards in effect for a unit, their source and history,
and the form by which a leader sets a new version (``policies.policy_rate_add``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.benefits import catalogue, policies
from guanai.benefits.catalogue import Item
from guanai.benefits.forms import PolicyRateForm, PolicyUnitForm
from guanai.benefits.models import PolicyRate
from guanai.benefits.policies import Rate
from guanai.benefits.views_common import division_units, own_unit, readable_units, reader
from guanai.core.errors import DomainError
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import breadcrumb_of


@dataclass(frozen=True)
class Version:
    rate: PolicyRate
    display: str
    upcoming: bool  # effective after today


@dataclass(frozen=True)
class CatalogueRow:
    item: Item
    rate: Rate  # in effect today
    versions: list[Version]


def _rows(unit: OrgUnit) -> list[CatalogueRow]:
    today = timezone.localdate()
    rates = policies.rates_for(unit, today)
    by_item: dict[str, list[Version]] = defaultdict(list)
    for version in policies.history(unit):
        entry = catalogue.item(version.item)
        by_item[version.item].append(
            Version(version, policies.show(entry, version.amount), version.effective_from > today)
        )
    return [CatalogueRow(e, rates[e.code], by_item[e.code]) for e in catalogue.ITEMS]


@login_required
def policy_catalogue(request: HttpRequest) -> HttpResponse:
    """Show a unit's standards (``?unit=``, the user's own by default); leaders add versions."""
    user = reader(request)
    units = division_units(readable_units(user), user)
    chooser = PolicyUnitForm(request.GET or None, units=units)
    unit = chooser.cleaned_data.get("unit") if chooser.is_valid() else None
    if request.GET.get("unit") and unit is None:
        raise Http404
    unit = unit or own_unit(user)
    if unit is None:
        raise PermissionDenied
    if not chooser.is_bound:
        chooser = PolicyUnitForm(initial={"unit": unit.pk}, units=units)
    can_add = policies.can_set_standards(user, unit)
    form = PolicyRateForm(request.POST or None, initial={"effective_from": timezone.localdate()})
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                version = policies.policy_rate_add(
                    acting_user=user,
                    org_unit=unit,
                    item=data["item"],
                    effective_from=data["effective_from"],
                    amount=data["amount"],
                    note=data["note"],
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                entry = catalogue.item(version.item)
                messages.success(
                    request,
                    _("%(item)s: %(amount)s from %(day)s for %(unit)s.")
                    % {
                        "item": entry.label,
                        "amount": policies.show(entry, version.amount),
                        "day": date_format(version.effective_from),
                        "unit": unit.name,
                    },
                )
                return HttpResponseRedirect(f"{reverse('benefits:policies')}?unit={unit.pk}")
    return render(
        request,
        "benefits/policies.html",
        {
            "unit": unit,
            "units": breadcrumb_of(unit, scoping.org_units_visible(user)),
            "chooser": chooser,
            "rows": _rows(unit),
            "form": form,
            "can_add": can_add,
            "today": timezone.localdate(),
        },
    )
