"""Transfers between units: sending a file, the lists, and the receiving unit's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.registry import selectors, services
from guanai.registry.forms import (
    TransferForm,
)
from guanai.registry.views.persons import (
    PAGE_SIZE,
)


@login_required
@require_POST
def person_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = selectors.access_person(user, pk)
    form = TransferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the receiving unit and the reason."))
        return redirect("registry:person_detail", pk=pk)
    try:
        target = services.transfer_target(form.cleaned_data["to_unit"])
        services.transfer_request(
            acting_user=user,
            person=person,
            to_unit=target,
            reason=form.cleaned_data["reason"],
            handover_note=form.cleaned_data["handover_note"],
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The file was sent to %(unit)s, which must accept it.") % {"unit": target.name},
        )
    return redirect("registry:person_detail", pk=pk)


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_ROLES)
    return render(
        request,
        "registry/transfers.html",
        {
            "incoming": selectors.transfers_incoming(user),
            # The trace grows for ever: paged, newest first, never cut.
            "outgoing": Paginator(selectors.transfers_outgoing(user), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
        },
    )


@login_required
@require_POST
def transfer_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("accept", "decline", "cancel"):
        raise Http404
    user = request_user(request)
    transfer = get_object_or_404(
        selectors.transfers_incoming(user)
        if decision != "cancel"
        else selectors.transfers_outgoing(user),
        pk=pk,
    )
    note = request.POST.get("note", "")
    try:
        if decision == "accept":
            person = services.transfer_accept(acting_user=user, transfer=transfer, note=note)
            messages.success(request, _("%(name)s joined your roster.") % {"name": person.name})
            return redirect("registry:person_detail", pk=person.pk)
        if decision == "decline":
            services.transfer_decline(acting_user=user, transfer=transfer, note=note)
            messages.success(request, _("The transfer was declined."))
        else:
            services.transfer_cancel(acting_user=user, transfer=transfer)
            messages.success(request, _("The transfer was withdrawn."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("registry:transfer_list")
