"""Pocket-money pages: the ledgers a user keeps or reads, one ledger, entries, statements.

The forms (``forms``) only parse input; the services decide what may be written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES, User
from guanai.accounts.requests import request_user
from guanai.care import ledger
from guanai.care.ledger.forms import (
    SUGGESTIONS,
    AccountEditForm,
    AccountOpenForm,
    EntryForm,
    quota_of,
)
from guanai.care.models import LedgerDirection
from guanai.core.errors import DomainError, ValidationFailed
from guanai.core.money import yuan
from guanai.core.months import month_label, next_month, parse_month, previous_month, this_month
from guanai.core.paging import page_of
from guanai.orgs.selectors import breadcrumb_of
from guanai.registry.selectors import access_person

# The months shown on a ledger's page; older ones are in their printed statements.
MONTHS_SHOWN = 12


def _reader(request: HttpRequest) -> User:
    """Return the user, refusing the admin roles: they see no beneficiary data."""
    user = request_user(request)
    scoping.require_role(user, *DATA_ROLES)
    return user


@login_required
def ledger_list(request: HttpRequest) -> HttpResponse:
    """List the accounts the user keeps, or the accounts of their units."""
    user = _reader(request)
    page = page_of(ledger.accounts_visible(user), request.GET.get("page"))
    rows = [(a, ledger.is_over_quota(a.month_spent, a.monthly_quota)) for a in page]
    return render(
        request,
        "care/ledger/list.html",
        {
            "page": page,
            "rows": rows,
            "can_open": bool(scoping.units_for(user, scoping.ROSTER_EDITORS)),
        },
    )


@login_required
def ledger_open(request: HttpRequest) -> HttpResponse:
    """Open an account for ``?person=``; without one, list the children waiting for one."""
    user = _reader(request)
    if not scoping.units_for(user, scoping.ROSTER_EDITORS):
        raise PermissionDenied
    raw = request.GET.get("person")
    if raw is None:
        page = page_of(ledger.persons_awaiting_account(user), request.GET.get("page"))
        return render(request, "care/ledger/open_pick.html", {"page": page})
    if not raw.isdigit():
        raise Http404
    person = access_person(user, int(raw))
    existing = ledger.account_of(person)
    if existing is not None:
        messages.info(
            request, _("%(name)s has a pocket-money account already.") % {"name": person.name}
        )
        return redirect("care:ledger_detail", pk=existing.pk)
    if not ledger.can_open_for(user, person):
        raise PermissionDenied
    keepers = ledger.keepers_for(person)
    initial: dict[str, Any] = {"opened_on": timezone.localdate()}
    # Most children have one surrogate parent: the only possible keeper is chosen already.
    only = list(keepers[:2])
    if len(only) == 1:
        initial["keeper"] = only[0].pk
    form = AccountOpenForm(request.POST or None, keepers=keepers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            account = ledger.ledger_open(
                acting_user=user,
                person=person,
                keeper=form.cleaned_data["keeper"],
                monthly_quota=quota_of(form),
                opened_on=form.cleaned_data["opened_on"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("Pocket-money account opened for %(name)s.") % {"name": person.name}
            )
            return redirect("care:ledger_detail", pk=account.pk)
    return render(
        request,
        "care/ledger/open_form.html",
        {
            "form": form,
            "person": person,
            "has_keepers": bool(only),
            "title": _("Open a pocket-money account for %(name)s") % {"name": person.name},
        },
    )


@login_required
def ledger_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one account: balance, this month against the quota, months and entries."""
    user = _reader(request)
    account = ledger.access_account(user, pk)
    page = page_of(ledger.entries_of(account), request.GET.get("page"))
    month_spent: Decimal = account.month_spent  # type: ignore[attr-defined]
    months = ledger.month_summaries(account)
    shown, older = months[:MONTHS_SHOWN], months[MONTHS_SHOWN:]
    return render(
        request,
        "care/ledger/detail.html",
        {
            "account": account,
            "person": account.person,
            "units": breadcrumb_of(account.person.org_unit, scoping.org_units_visible(user)),
            "page": page,
            "rows": ledger.entry_rows(page),
            "months": shown,
            # Older months are printed from their statements; the page says how many and
            # links the statement of the month before the oldest one listed.
            "months_more": len(older),
            "months_older": month_label(older[0].month) if older else "",
            "older_month": older[0].month if older else None,
            "month_spent": month_spent,
            "month_over": ledger.is_over_quota(month_spent, account.monthly_quota),
            "can_write": ledger.can_write(user, account),
            "can_edit": ledger.can_open_for(user, account.person),
        },
    )


def _entry_page(request: HttpRequest, pk: int, direction: LedgerDirection) -> HttpResponse:
    user = _reader(request)
    account = ledger.access_account(user, pk)
    if not ledger.can_write(user, account):
        raise PermissionDenied
    initial: dict[str, Any] = {"on": timezone.localdate()}
    correcting = request.GET.get("correct", "")
    if correcting:
        # A counter-entry (冲正): the opposite of an entry of this account, pre-filled.
        if not correcting.isdigit():
            raise Http404
        original = ledger.entry_to_correct(account, int(correcting), direction)
        initial.update(amount=str(original.amount), what=ledger.correction_text(original))
    form = EntryForm(request.POST or None, direction=direction, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            amount = data["amount"]
            if direction == LedgerDirection.SPENDING:
                entry = ledger.ledger_spend(
                    acting_user=user,
                    account=account,
                    amount=amount,
                    purpose=data["what"],
                    on=data["on"],
                )
            else:
                entry = ledger.ledger_deposit(
                    acting_user=user,
                    account=account,
                    amount=amount,
                    source=data["what"],
                    on=data["on"],
                )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("Recorded %(what)s, %(amount)s. The balance is now %(balance)s.")
                % {
                    "what": entry.what,
                    "amount": yuan(entry.amount),
                    "balance": yuan(entry.balance_after),
                },
            )
            warning = ledger.quota_warning(entry)
            if warning:
                messages.warning(request, warning)
            return redirect("care:ledger_detail", pk=account.pk)
    title = (
        _("Record a spending for %(name)s")
        if direction == LedgerDirection.SPENDING
        else _("Record money received for %(name)s")
    ) % {"name": account.person.name}
    return render(
        request,
        "care/ledger/entry_form.html",
        {
            "account": account,
            "form": form,
            "title": title,
            "spending": direction == LedgerDirection.SPENDING,
            "correcting": bool(correcting),
            "suggestions": SUGGESTIONS[direction],
        },
    )


@login_required
def ledger_deposit(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_page(request, pk, LedgerDirection.DEPOSIT)


@login_required
def ledger_spend(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_page(request, pk, LedgerDirection.SPENDING)


@login_required
def ledger_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand the account to another surrogate parent or change the quota (roster keepers)."""
    user = _reader(request)
    account = ledger.access_account(user, pk)
    if not ledger.can_open_for(user, account.person):
        raise PermissionDenied
    form = AccountEditForm(
        request.POST or None,
        keepers=ledger.keepers_of_account(account),
        initial={
            "keeper": account.keeper_id,
            "monthly_quota": "" if account.monthly_quota is None else str(account.monthly_quota),
            "version": account.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            ledger.ledger_update(
                acting_user=user,
                account=account,
                version=form.cleaned_data["version"],
                keeper=form.cleaned_data["keeper"],
                monthly_quota=quota_of(form),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The account is saved."))
            return redirect("care:ledger_detail", pk=account.pk)
    return render(
        request,
        "care/ledger/edit_form.html",
        {
            "form": form,
            "account": account,
            "title": _("Pocket-money account of %(name)s") % {"name": account.person.name},
        },
    )


@login_required
def ledger_statement(request: HttpRequest, pk: int) -> HttpResponse:
    """Print a month of an account (``?month=2026-01``) on A4, with lines to sign."""
    user = _reader(request)
    account = ledger.access_account(user, pk)
    current = this_month()
    month: date = current
    error = ""
    raw = request.GET.get("month", "")
    if raw:
        try:
            month = parse_month(raw)
        except ValidationFailed as exc:
            error = str(exc.message)
    statement = ledger.statement_print(
        acting_user=user, account=account, month=month, request=request
    )
    return render(
        request,
        "care/ledger/statement.html",
        {
            "account": account,
            "person": account.person,
            "statement": statement,
            "error": error,
            "previous": month_label(previous_month(month)),
            "next": month_label(next_month(month)) if month < current else "",
            "printed_on": timezone.localdate(),
        },
    )
