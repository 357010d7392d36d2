"""The findings pages: the list to work through, one finding with the resolve form, the
re-check of the open ones.

Reads go through ``access`` and ``findings.selectors`` (a finding the user may not read is
404; reading one is audited); writes through ``findings.services``, a refusal shown beside
its field with what was typed kept (400).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.forms import posted_version
from guanai.core.paging import page_of
from guanai.crosscheck import access
from guanai.crosscheck.findings import finding_resolve as resolve
from guanai.crosscheck.findings import findings_recheck, selectors
from guanai.crosscheck.findings.forms import FindingFilterForm, ResolveForm
from guanai.crosscheck.models import Finding


def reader(request: HttpRequest) -> User:
    """The user, if their roles open the cross-check pages (403 otherwise, as the menu)."""
    user = request_user(request)
    if not access.can_open(user):
        raise PermissionDenied
    return user


def _list_id(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def finding_list(request: HttpRequest) -> HttpResponse:
    """The findings the user reads, filtered (the open ones unless asked otherwise)."""
    user = reader(request)
    form = FindingFilterForm(request.GET, units=selectors.filter_units(user))
    check_list = _list_id(request.GET.get("list", ""))
    rows = selectors.findings_search(user, form.chosen(check_list=check_list))
    page = page_of(rows, request.GET.get("page"))
    return render(
        request,
        "crosscheck/findings/finding_list.html",
        {
            "form": form,
            "page": page,
            "check_list": check_list,
        },
    )


def detail_page(
    request: HttpRequest, user: User, finding: Finding, form: ResolveForm | None = None
) -> HttpResponse:
    """Render a finding; ``form`` is a refused resolve form, shown as typed (400)."""
    can_resolve = finding.is_open and access.can_resolve(user, finding)
    return render(
        request,
        "crosscheck/findings/finding_detail.html",
        {
            "finding": finding,
            "facts": selectors.facts_compared(finding),
            "first_list": finding.first_list,
            "last_list": finding.last_list,
            "list_readable": selectors.list_readable(user, finding.last_list),
            "first_list_readable": selectors.list_readable(user, finding.first_list),
            "can_resolve": can_resolve,
            "fix_links": selectors.fix_links(finding) if can_resolve else [],
            "form": form if form is not None else (ResolveForm() if can_resolve else None),
        },
        status=400 if form is not None else 200,
    )


def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    # 404 outside the user's scope, whatever their role (a helper, an administrator).
    finding = selectors.finding_read(user, pk, request)
    return detail_page(request, user, finding)


@require_POST
def finding_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a finding as fixed or not an error, with a note; a refusal changes nothing."""
    user = request_user(request)
    finding = selectors.finding_of(user, pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            resolve(
                acting_user=user,
                finding=finding,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["resolution"],
                version=posted_version(request),
            )
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("The finding about %(name)s is resolved.") % {"name": finding.name}
            )
            return redirect("crosscheck:finding_detail", pk=finding.pk)
    return detail_page(request, user, finding, form)


@require_POST
def findings_recheck_view(request: HttpRequest) -> HttpResponse:
    """Check the open findings the user reads against the registry and the rolls today."""
    user = reader(request)
    closed = findings_recheck(access.findings_visible(user))
    if closed:
        messages.success(
            request,
            ngettext(
                "%(count)d finding was fixed meanwhile and is closed.",
                "%(count)d findings were fixed meanwhile and are closed.",
                closed,
            )
            % {"count": closed},
        )
    else:
        messages.info(request, _("Every open finding still holds: none was closed."))
    return redirect("crosscheck:index")
