"""Pages of the security administrator (lockouts, policy) and the auditor (audit log)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from guanai.accounts import audit_log, scoping, selectors, services
from guanai.accounts.forms import AccountAuditFilterForm, AuditFilterForm
from guanai.accounts.models import Role
from guanai.accounts.requests import request_user
from guanai.core.audit import export_logged
from guanai.core.models import AuditAction
from guanai.sheets.writing import workbook_bytes

PAGE_SIZE = 50


# Failed logins listed on the page; the rest are counted.
FAILURES_SHOWN = 20


@login_required
def security(request: HttpRequest) -> HttpResponse:
    scoping.require_role(request.user, Role.SECADMIN)
    user = request_user(request)
    since = timezone.now() - timedelta(days=1)
    recent = audit_log.access_entries(
        user, audit_log.AuditFilter(action=AuditAction.LOGIN_FAILED)
    ).filter(at__gte=since)
    failures = list(recent[:FAILURES_SHOWN])
    # Under an attack there are many: the page says how many more there were.
    failures_more = recent.count() - FAILURES_SHOWN if len(failures) == FAILURES_SHOWN else 0
    policy = [
        (_("Minimum password length"), "8"),
        (_("Character classes required"), "3"),
        (_("Password maximum age (days)"), str(settings.GUANAI_PASSWORD_MAX_AGE_DAYS)),
        (_("Failures before lockout"), str(settings.AXES_FAILURE_LIMIT)),
        (_("Lockout (minutes)"), str(int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))),
        (_("Idle logout (minutes)"), str(settings.SESSION_COOKIE_AGE // 60)),
        (_("Audit records kept (days, at least)"), str(settings.GUANAI_AUDIT_RETENTION_DAYS)),
    ]
    return render(
        request,
        "accounts/security.html",
        {
            "lockouts": selectors.lockouts_visible(user),
            "failures": failures,
            "failures_more": failures_more,
            "policy": policy,
        },
    )


@login_required
@require_POST
def lockout_reset(request: HttpRequest) -> HttpResponse:
    scoping.require_role(request.user, Role.SECADMIN)
    username = request.POST.get("username", "")
    if username not in {a.username for a in selectors.lockouts_visible(request.user)}:  # type: ignore[arg-type]
        messages.error(request, _("No lockout of that account is in your scope."))
        return redirect("accounts:security")
    services.lockout_reset(acting_user=request.user, username=username, request=request)  # type: ignore[arg-type]
    messages.success(request, _("The lock of “%(name)s” was reset.") % {"name": username})
    return redirect("accounts:security")


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, audit_log.AuditFilter]:
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, audit_log.AuditFilter.from_cleaned(data)


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    scoping.require_role(request.user, Role.AUDITOR)
    user = request_user(request)
    form, flt = _filtered(request)
    if flt.source == "changes":
        rows = audit_log.change_entries(user, flt)
    else:
        rows = audit_log.access_entries(user, flt)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_list.html",
        {
            "form": form,
            "page": page,
            "rows": audit_log.rows_of(page, flt.source),
            "source": flt.source,
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    scoping.require_role(request.user, Role.AUDITOR)
    user = request_user(request)
    _form, flt = _filtered(request)
    if audit_log.count_entries(user, flt) > audit_log.EXPORT_LIMIT:
        messages.error(
            request,
            _("More than %(n)s entries match; narrow the dates or the filter and export again.")
            % {"n": f"{audit_log.EXPORT_LIMIT:,}"},
        )
        return redirect(f"{reverse('accounts:audit_log')}?{request.GET.urlencode()}")
    headers, rows = audit_log.export_table(user, flt)
    title = _("Audit log")
    content, count = workbook_bytes(title=title, headers=headers, rows=rows)
    export_logged(user=user, what="audit_log", rows=count, request=request, filters=flt.as_dict())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
    return response


@login_required
@require_GET
def audit_accounts(request: HttpRequest) -> HttpResponse:
    """The auditor's report of account administration: grants, approvals, resets."""
    scoping.require_role(request.user, Role.AUDITOR)
    user = request_user(request)
    form = AccountAuditFilterForm(request.GET or None)
    flt = audit_log.AuditFilter.from_cleaned(form.cleaned_data if form.is_valid() else {})
    entries = audit_log.account_entries(user, flt)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_accounts.html",
        {
            "form": form,
            "page": page,
            "rows": [audit_log.account_row(e) for e in page],
            "pending": scoping.memberships_pending_audited(user),
            "query": query.urlencode(),
        },
    )
