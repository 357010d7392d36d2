"""Early-warning pages (关爱预警): the list of a user's warnings, acknowledging one or many,
giving one as a task, closing one with an outcome, checking now."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES, Role
from guanai.accounts.requests import request_user
from guanai.care.models import CareWarning, WarningKind, WarningStatus
from guanai.care.warnings import selectors, services
from guanai.care.warnings.forms import (
    AcknowledgeForm,
    AssignForm,
    BulkAcknowledgeForm,
    CloseForm,
    WarningFilterForm,
)
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.forms import posted_version
from guanai.core.paging import PAGE_SIZE, CountedPaginator


def _reader(request: HttpRequest) -> Any:
    """Return the logged-in user if they may see beneficiary data (403 for the admin roles)."""
    user = request_user(request)
    scoping.require_role(user, *DATA_ROLES)
    return user


def _leads(user: Any) -> bool:
    return bool(scoping.units_for(user, [Role.LEADER]))


def _list_page(
    request: HttpRequest,
    user: Any,
    query: QueryDict,
    bulk: BulkAcknowledgeForm | None = None,
    chosen: Iterable[int] = (),
) -> HttpResponse:
    """Render the list for the filters of ``query`` (refused, with the reason, if unknown)."""
    form = WarningFilterForm(query, units=scoping.org_units_visible(user))
    if not form.is_valid():
        context = {"form": form, "refused": True, "rows": [], "status": WarningStatus.OPEN}
        return render(request, "care/warnings/list.html", context, status=400)
    search = form.to_filter()
    counts = selectors.warning_counts(user, search)
    total = _total(counts, search)
    # Page through the keys alone, then read the page's warnings with all they show: a
    # page far down a county's list joins 50 rows, not every row before it.
    keys = selectors.warnings_search(user, search).values_list("pk", flat=True)
    pages = (
        Paginator(keys, PAGE_SIZE) if total is None else CountedPaginator(keys, PAGE_SIZE, total)
    )
    page = pages.get_page(query.get("page"))
    found = {w.pk: w for w in selectors.warnings_visible(user).filter(pk__in=list(page))}
    shown: list[CareWarning] = [found[pk] for pk in page.object_list if pk in found]
    page.object_list = shown
    today = timezone.localdate()
    live = search.status in selectors.LIVE
    rows = [
        {
            "warning": w,
            "explanation": selectors.explanation(w, today),
            "decides": live and selectors.can_acknowledge(user, w),
            "can_close": live and selectors.can_close(user, w),
        }
        for w in shown
    ]
    can_bulk = search.status == WarningStatus.OPEN and any(r["decides"] for r in rows)
    kinds = [(k, label, counts.by_kind.get(k, 0)) for k, label in WarningKind.choices]
    return render(
        request,
        "care/warnings/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "status": search.status,
            "kind": search.kind,
            "total": total,
            "tabs": [(s, label, counts.by_status.get(s, 0)) for s, label in WarningStatus.choices],
            "kinds": kinds,
            "unit_rows": _unit_rows(user, search),
            "keep": [
                (k, query[k]) for k in ("status", "kind", "unit", "risk", "page") if query.get(k)
            ],
            "can_check": _leads(user),
            "can_bulk": can_bulk,
            "bulk": bulk or BulkAcknowledgeForm(),
            "chosen": set(chosen),
            "most_at_once": services.MOST_AT_ONCE,
        },
        status=400 if bulk is not None and bulk.errors else 200,
    )


def _unit_rows(user: Any, search: selectors.WarningFilter) -> list[dict[str, Any]]:
    """The summary's lines: a unit, its count, its counts by kind, and whether to link it."""
    lines = selectors.unit_counts(user, search)
    if len(lines) == 1 and search.unit is not None and lines[0].unit.pk == search.unit.pk:
        return []  # one line repeating the unit chosen says nothing new
    linked = set(
        scoping.org_units_visible(user)
        .filter(pk__in=[line.unit.pk for line in lines])
        .values_list("pk", flat=True)
    )
    labels = dict(WarningKind.choices)
    return [
        {
            "unit": line.unit,
            "total": line.total,
            "kinds": [(k, labels[k], line.by_kind[k]) for k in labels if line.by_kind.get(k)],
            "link": line.unit.pk in linked,
        }
        for line in lines
    ]


def _total(counts: selectors.WarningCounts, search: selectors.WarningFilter) -> int | None:
    """The counts by status and kind give the total already, unless a risk level is chosen."""
    if search.risk:
        return None
    return (
        counts.by_kind.get(search.kind, 0)
        if search.kind
        else counts.by_status.get(search.status, 0)
    )


@login_required
def warning_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, _reader(request), request.GET)


def _filter_query(post: QueryDict) -> QueryDict:
    """The list's filters a bulk form carries back (to show the list again as it was)."""
    query = QueryDict(mutable=True)
    for name in ("status", "kind", "unit", "risk", "page"):
        value = post.get(name, "")
        if value:
            query[name] = str(value)
    return query


@login_required
@require_POST
def warning_bulk_ack(request: HttpRequest) -> HttpResponse:
    """Acknowledge the ticked warnings, or all matching the list's filter, with one note."""
    user = _reader(request)
    if not _leads(user):
        raise PermissionDenied
    query = _filter_query(request.POST)
    form = BulkAcknowledgeForm(request.POST)
    chosen = form.chosen()
    if form.is_valid():
        if chosen is None:
            form.add_error(None, _("Choose warnings from the list."))
        else:
            try:
                _bulk_acknowledge(request, user, form, chosen, query)
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                return redirect(f"{reverse('care:warning_list')}?{query.urlencode()}")
    return _list_page(request, user, query, form, chosen or ())


def _bulk_acknowledge(
    request: HttpRequest,
    user: Any,
    form: BulkAcknowledgeForm,
    chosen: dict[int, int | None],
    query: QueryDict,
) -> None:
    if form.cleaned_data["all_matching"]:
        filters = WarningFilterForm(query, units=scoping.org_units_visible(user))
        if not filters.is_valid() or filters.to_filter().status != WarningStatus.OPEN:
            raise DomainError(_("Only open warnings can be acknowledged."))
        matching = selectors.warnings_search(user, filters.to_filter())
        chosen = dict.fromkeys(matching.values_list("pk", flat=True)[: services.MOST_AT_ONCE + 1])
    result = services.warnings_acknowledge(
        acting_user=user, versions=chosen, note=form.cleaned_data["note"]
    )
    if result.done:
        messages.success(
            request,
            ngettext(
                "%(count)s warning is acknowledged.",
                "%(count)s warnings are acknowledged.",
                len(result.done),
            )
            % {"count": len(result.done)},
        )
    if result.stale:
        names = "、".join(w.person.name for w in result.stale)
        messages.warning(
            request,
            ngettext(
                "%(count)s warning was changed by someone else meanwhile and is left as it "
                "is: %(names)s.",
                "%(count)s warnings were changed by someone else meanwhile and are left as "
                "they are: %(names)s.",
                len(result.stale),
            )
            % {"count": len(result.stale), "names": names},
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


def _live_warning_or_redirect(
    request: HttpRequest,
    user: Any,
    pk: int,
    may_act: Callable[[Any, CareWarning], bool],
) -> CareWarning | HttpResponse:
    """Return the warning if it is still open or acknowledged, else the way back to the list.

    A warning out of the user's sight is 404 and one they may not act on (``may_act``) 403;
    one closed or resolved meanwhile sends them back to the list with a message, since a
    link to it may well be stale rather than wrong.
    """
    warning = selectors.access_warning(user, pk)
    if not may_act(user, warning):
        raise PermissionDenied
    if warning.status not in selectors.LIVE:
        messages.info(request, _("This warning is no longer open."))
        return redirect("care:warning_list")
    return warning


@login_required
def warning_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a warning as a task to a paired helper or a worker (leaders over the person)."""
    user = _reader(request)
    warning = _live_warning_or_redirect(request, user, pk, selectors.can_acknowledge)
    if isinstance(warning, HttpResponse):
        return warning
    initial = {
        "assignee": warning.assigned_to_id,
        "note": warning.assignment_note,
        "due_on": warning.due_on,
    }
    form = AssignForm(
        request.POST or None, initial=initial, assignees=selectors.assignees_for(warning)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.warning_assign(
                acting_user=user,
                warning=warning,
                assignee=data["assignee"],
                note=data["note"],
                due_on=data["due_on"],
                version=posted_version(request),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("The warning about %(name)s is given to %(assignee)s.")
                % {"name": warning.person.name, "assignee": data["assignee"].get_full_name()},
            )
            return redirect("care:warning_list")
    return _warning_form(request, warning, form, "care/warnings/assign.html")


@login_required
def warning_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a warning with its outcome (leaders over the person, or its assignee)."""
    user = _reader(request)
    warning = _live_warning_or_redirect(request, user, pk, selectors.can_close)
    if isinstance(warning, HttpResponse):
        return warning
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.warning_close(
                acting_user=user,
                warning=warning,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["outcome_note"],
                version=posted_version(request),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("The warning about %(name)s is closed.") % {"name": warning.person.name},
            )
            return redirect("care:warning_list")
    return _warning_form(request, warning, form, "care/warnings/close.html")


def _warning_form(
    request: HttpRequest, warning: CareWarning, form: Any, template: str
) -> HttpResponse:
    context = {
        "form": form,
        "warning": warning,
        "explanation": selectors.explanation(warning, timezone.localdate()),
        "version": warning.version,
    }
    return render(request, template, context, status=400 if form.errors else 200)
