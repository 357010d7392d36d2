"""A person's benefits page: what they get each month and why, what is missing, the
one-child-family aid granted to them, their bank account, this year's medical claims
against the caps, and their roll lines of the last 12 months.

Writes (grant or end an entitlement, set the account) are POSTs by a leader or worker of
the person's unit; an invalid one renders the page again with the error by its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.benefits import catalogue, claims, eligibility, entitlements, policies
from guanai.benefits.forms import EntitlementEndForm, EntitlementGrantForm, PaymentAccountForm
from guanai.benefits.models import ClaimStatus, Entitlement, PaymentAccount, RollLine
from guanai.benefits.views_common import add_months, can_write, reader
from guanai.core.errors import DomainError
from guanai.core.masking import mask_account
from guanai.core.money import ZERO
from guanai.orgs.selectors import breadcrumb_of
from guanai.registry import file_reads
from guanai.registry.models import Person
from guanai.registry.selectors import access_person_on_roster

# A person's roll lines shown: this month and the 11 before it.
MONTHS_SHOWN = 12


@dataclass(frozen=True)
class CapRow:
    label: str
    used: Decimal
    cap: Decimal
    remaining: Decimal


def _cap_rows(person: Person, used: dict[str, Any]) -> list[CapRow]:
    today = timezone.localdate()
    rates = policies.rates_for(
        person.org_unit,
        today,
        [
            catalogue.MEDICAL_CAP,
            catalogue.SECOND_CAP,
            catalogue.TEMPORARY_CAP,
            catalogue.LEUKEMIA_SURGERY,
        ],
    )
    rows = []
    for key, code, label in (
        ("medical_assistance", catalogue.MEDICAL_CAP, _("Medical assistance")),
        ("second_assistance", catalogue.SECOND_CAP, _("Second-round assistance")),
        ("lump_sum", catalogue.LEUKEMIA_SURGERY, _("Leukaemia lump sum")),
        ("temporary", catalogue.TEMPORARY_CAP, _("Temporary living assistance")),
    ):
        spent = used.get(key) or ZERO
        cap = rates[code].amount
        rows.append(CapRow(label, spent, cap, max(cap - spent, ZERO)))
    return rows


def _person_context(
    request: HttpRequest,
    user: User,
    person: Person,
    *,
    grant_form: EntitlementGrantForm | None = None,
    end_form: tuple[int, EntitlementEndForm] | None = None,
    account_form: PaymentAccountForm | None = None,
) -> dict[str, Any]:
    today = timezone.localdate()
    benefits, gaps = eligibility.benefits_of(person, today)
    writer = can_write(user, person.org_unit)
    account = PaymentAccount.objects.filter(person=person).first()
    granted = list(person.entitlements.all())
    end_forms: dict[int, forms.Form] = {
        e.pk: EntitlementEndForm(initial={"ended_on": today}, prefix=f"end{e.pk}")
        for e in granted
        if e.ended_on is None
    }
    if end_form is not None:
        end_forms[end_form[0]] = end_form[1]
    year_claims = (
        claims.claims_visible(user)
        .filter(person=person, discharged__year=today.year)
        .order_by("-discharged", "-pk")
    )
    used = year_claims.filter(status=ClaimStatus.RECORDED).aggregate(
        medical_assistance=Sum("medical_assistance"),
        second_assistance=Sum("second_assistance"),
        hospital_allowance=Sum("hospital_allowance"),
        lump_sum=Sum("lump_sum"),
        temporary=Sum("temporary"),
        total=Sum("total"),
    )
    first_month = add_months(today.replace(day=1), 1 - MONTHS_SHOWN)
    lines = (
        RollLine.objects.filter(person=person, roll__month__gte=first_month)
        .select_related("roll", "roll__org_unit")
        .order_by("-roll__month", "pk")
    )
    return {
        "person": person,
        "units": breadcrumb_of(person.org_unit, scoping.org_units_visible(user)),
        "today": today,
        "benefits": benefits,
        "gaps": gaps,
        "monthly_total": sum((b.amount for b in benefits), ZERO),
        "entitlements": [(e, end_forms.get(e.pk)) for e in granted],
        "account": account,
        "account_masked": mask_account(account.account_number) if account else "",
        "claims": list(year_claims),
        "claims_used": used,
        "caps": _cap_rows(person, used),
        "lines": list(lines),
        "first_month": first_month,
        "can_write": writer and person.archived_at is None,
        "grant_form": grant_form
        or EntitlementGrantForm(initial={"started_on": today.replace(day=1), "quantity": 2}),
        "account_form": account_form
        or PaymentAccountForm(
            initial={"bank": account.bank, "holder": account.holder} if account else None
        ),
    }


def _page(request: HttpRequest, user: User, person: Person, **forms_: Any) -> HttpResponse:
    return render(request, "benefits/person.html", _person_context(request, user, person, **forms_))


@login_required
def person_benefits(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    # The page shows what a person is paid and where: a read of sensitive data (PIPL).
    person = file_reads.person_file_open(
        user=user, pk=pk, request=request, roster_only=True, detail={"page": "benefits"}
    )
    return _page(request, user, person)


def _writer(request: HttpRequest, pk: int) -> tuple[User, Person]:
    user = reader(request)
    person = access_person_on_roster(user, pk)
    if not can_write(user, person.org_unit):
        raise PermissionDenied
    return user, person


@login_required
@require_POST
def entitlement_grant(request: HttpRequest, pk: int) -> HttpResponse:
    user, person = _writer(request, pk)
    form = EntitlementGrantForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entitlements.entitlement_grant(
                acting_user=user,
                person=person,
                item=data["item"],
                quantity=data["quantity"],
                started_on=data["started_on"],
                reason=data["reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The entitlement is granted."))
            return redirect("benefits:person", pk=person.pk)
    return _page(request, user, person, grant_form=form)


@login_required
@require_POST
def entitlement_end(request: HttpRequest, pk: int, entitlement_pk: int) -> HttpResponse:
    user, person = _writer(request, pk)
    entitlement = get_object_or_404(Entitlement, pk=entitlement_pk, person=person)
    form = EntitlementEndForm(request.POST, prefix=f"end{entitlement.pk}")
    if form.is_valid():
        try:
            entitlements.entitlement_end(
                acting_user=user, entitlement=entitlement, ended_on=form.cleaned_data["ended_on"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The entitlement is ended."))
            return redirect("benefits:person", pk=person.pk)
    return _page(request, user, person, end_form=(entitlement.pk, form))


@login_required
@require_POST
def payment_account_set(request: HttpRequest, pk: int) -> HttpResponse:
    user, person = _writer(request, pk)
    form = PaymentAccountForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entitlements.payment_account_set(
                acting_user=user,
                person=person,
                bank=data["bank"],
                account_number=data["account_number"],
                holder=data["holder"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The payment account is saved."))
            return redirect("benefits:person", pk=person.pk)
    return _page(request, user, person, account_form=form)
