"""Early-warning pages (关爱预警): the list of a user's warnings, acknowledging, checking now."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES, Role
from guanai.accounts.requests import request_user
from guanai.care.models import WarningKind, WarningStatus
from guanai.care.warnings import selectors, services
from guanai.care.warnings.forms import AcknowledgeForm, WarningFilterForm
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.paging import PAGE_SIZE, CountedPaginator


def _reader(request: HttpRequest) -> Any:
    """Return the logged-in user if they may see beneficiary data (403 for the admin roles)."""
    user = request_user(request)
    scoping.require_role(user, *DATA_ROLES)
    return user


def _status(request: HttpRequest) -> str:
    value = request.GET.get("status", "")
    return value if value in WarningStatus.values else WarningStatus.OPEN


@login_required
def warning_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    status = _status(request)
    form = WarningFilterForm(request.GET or None, units=scoping.org_units_visible(user))
    search = form.to_filter(status)
    counts = selectors.warning_counts(user, search)
    # The counts by status and kind give the total already: no second count.
    total = counts.by_kind.get(search.kind, 0) if search.kind else counts.by_status.get(status, 0)
    # Page through the keys alone, then read the page's warnings with all they show: a
    # page far down a county's list joins 20 rows, not every row before it.
    keys = selectors.warnings_search(user, search).values_list("pk", flat=True)
    page = CountedPaginator(keys, PAGE_SIZE, total).get_page(request.GET.get("page"))
    found = {w.pk: w for w in selectors.warnings_visible(user).filter(pk__in=list(page))}
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    today = timezone.localdate()
    rows = [
        {
            "warning": w,
            "explanation": selectors.explanation(w, today),
            "can_acknowledge": w.status == WarningStatus.OPEN
            and selectors.can_acknowledge(user, w),
        }
        for w in page
    ]
    return render(
        request,
        "care/warnings/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "status": status,
            "kind": search.kind,
            "tabs": [(s, label, counts.by_status.get(s, 0)) for s, label in WarningStatus.choices],
            "kinds": [(k, label, counts.by_kind.get(k, 0)) for k, label in WarningKind.choices],
            "can_check": bool(scoping.units_for(user, [Role.LEADER])),
        },
    )


@login_required
def warning_ack(request: HttpRequest, pk: int) -> HttpResponse:
    """Acknowledge a warning with a note (leaders over the person's unit; others 403)."""
    user = _reader(request)
    warning = selectors.access_warning(user, pk)
    if not selectors.can_acknowledge(user, warning):
        raise PermissionDenied
    if warning.status != WarningStatus.OPEN:
        messages.info(request, _("This warning is no longer open."))
        return redirect("care:warning_list")
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.warning_acknowledge(
                acting_user=user, warning=warning, note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("The warning about %(name)s is acknowledged.") % {"name": warning.person.name},
            )
            return redirect("care:warning_list")
    return render(
        request,
        "care/warnings/acknowledge.html",
        {
            "form": form,
            "warning": warning,
            "explanation": selectors.explanation(warning, timezone.localdate()),
        },
    )


@login_required
@require_POST
def warning_check(request: HttpRequest) -> HttpResponse:
    """Run the warning checks now for the units the user leads, then show the list."""
    user = _reader(request)
    try:
        report = services.warnings_check(acting_user=user)
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    messages.success(
        request,
        _("Checked: %(raised)s new warnings, %(resolved)s resolved, %(open)s open.")
        % report.counts(),
    )
    return redirect("care:warning_list")
