"""Monthly report pages: a unit's month (its report and its sub-units'), and one report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.core.errors import DomainError, PermissionRefused
from guanai.orgs.selectors import breadcrumb_of
from guanai.reports import monthly
from guanai.reports.figures import AMOUNTS
from guanai.reports.forms import DeadlineForm, FigureChangeForm, NarrativeForm, ReturnForm
from guanai.reports.models import MonthlyReport, ReportStatus
from guanai.reports.views_common import (
    last_month,
    month_from,
    neighbour,
    posted_version,
    reader,
    unit_of,
)

# Reporting units per page of the index: a province has thousands of townships.
PAGE_SIZE = 50


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    """The reporting units the user sees, with last month's report of each."""
    user = reader(request)
    month = last_month()
    page = Paginator(monthly.index_units(user), PAGE_SIZE).get_page(request.GET.get("page"))
    units = list(page)
    reports = {
        r.org_unit_id: r for r in MonthlyReport.objects.filter(org_unit__in=units, month=month)
    }
    days = monthly.deadline_days(units)
    today = timezone.localdate()
    rows = []
    for unit in units:
        deadline = monthly.deadline_of(month, days[unit.pk])
        report = reports.get(unit.pk)
        rows.append(
            {
                "unit": unit,
                "report": report,
                "deadline": deadline,
                "timeliness": monthly.timeliness(report, deadline, today),
            }
        )
    return render(
        request,
        "reports/index.html",
        {
            "rows": rows,
            "page": page,
            "month": month,
            "reminders": monthly.reminders_shown(user),
        },
    )


@login_required
def report_month(request: HttpRequest, unit: int, month: str) -> HttpResponse:
    """A unit's month: its own report, its sub-units' reports with timeliness."""
    user = reader(request)
    org_unit = unit_of(user, unit)
    first = month_from(month)
    report = MonthlyReport.objects.filter(org_unit=org_unit, month=first).first()
    overview = monthly.subunit_overview(org_unit, first)
    deadline = (
        report.deadline
        if report is not None
        else monthly.deadline_of(first, monthly.deadline_day(org_unit))
    )
    leads = scoping.holds_role_over(user, org_unit, [Role.LEADER])
    return render(
        request,
        "reports/month.html",
        {
            "unit": org_unit,
            "month": first,
            "previous": neighbour(first, -1),
            "next": neighbour(first, 1),
            "breadcrumb": breadcrumb_of(org_unit, scoping.org_units_visible(user)),
            "report": report,
            "reports_up": monthly.reports_up(org_unit),
            "deadline": deadline,
            "timeliness": monthly.timeliness(report, deadline, timezone.localdate()),
            "can_fill": monthly.can_fill(user, org_unit),
            "overview": overview,
            "timeliness_counts": [(t, t.label, overview.count(t)) for t in monthly.Timeliness],
            "reminders": monthly.reminders_shown(user),
            "deadline_form": DeadlineForm(initial={"day": overview.rows[0].deadline.day})
            if leads and overview.rows
            else None,
        },
    )


@login_required
@require_POST
def report_start(request: HttpRequest, unit: int, month: str) -> HttpResponse:
    user = reader(request)
    org_unit = unit_of(user, unit)
    try:
        report = monthly.report_open(acting_user=user, unit=org_unit, month=month_from(month))
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("reports:month", unit=org_unit.pk, month=month)
    return redirect("reports:report", pk=report.pk)


@login_required
@require_POST
def deadline_update(request: HttpRequest, unit: int) -> HttpResponse:
    user = reader(request)
    org_unit = unit_of(user, unit)
    form = DeadlineForm(request.POST)
    month = request.POST.get("month", f"{last_month():%Y-%m}")
    if form.is_valid():
        try:
            monthly.deadline_set(acting_user=user, unit=org_unit, day=form.cleaned_data["day"])
        except PermissionRefused as exc:
            raise PermissionDenied from exc
        messages.success(
            request,
            _("Reports of the units below are now due on day %(day)s of the following month.")
            % {"day": form.cleaned_data["day"]},
        )
    else:
        messages.error(request, _("Choose a day from 1 to 28."))
    return redirect("reports:month", unit=org_unit.pk, month=month)


def _figure_rows(report: MonthlyReport) -> list[dict[str, Any]]:
    changes: dict[str, list[Any]] = {}
    for change in report.changes.select_related("changed_by"):
        changes.setdefault(change.figure, []).append(change)
    return [
        {
            "name": name,
            "label": label,
            "computed": report.computed.get(name, "0"),
            "reported": report.figures.get(name, "0"),
            "changed": report.figures.get(name) != report.computed.get(name),
            "changes": changes.get(name, []),
            "amount": name in AMOUNTS,
        }
        for name, label in monthly.FIGURE_LABELS.items()
    ]


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    report = monthly.access_report(user, pk)
    can_fill = monthly.can_fill(user, report.org_unit)
    editable = report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    if editable and can_fill:
        # A draft follows the data until it is submitted (changes by hand are kept).
        report = monthly.report_open(acting_user=user, unit=report.org_unit, month=report.month)
    return _render_report(request, user, report)


def _render_report(
    request: HttpRequest,
    user: User,
    report: MonthlyReport,
    *,
    change_form: FigureChangeForm | None = None,
    return_form: ReturnForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_fill = monthly.can_fill(user, report.org_unit)
    editable = report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    today = timezone.localdate()
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "rows": _figure_rows(report),
            "breadcrumb": breadcrumb_of(report.org_unit, scoping.org_units_visible(user)),
            "timeliness": monthly.timeliness(report, report.deadline, today),
            "can_edit": editable and can_fill,
            "can_review": monthly.may_review(user, report),
            "change_form": change_form or FigureChangeForm(),
            "narrative_form": NarrativeForm(initial={"narrative": report.narrative}),
            "return_form": return_form or ReturnForm(),
        },
        status=status,
    )


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Change a figure, save the narrative, submit, return or accept a report."""
    user = reader(request)
    report = monthly.access_report(user, pk)
    version = posted_version(request)
    change_form = return_form = None
    try:
        if action == "change":
            change_form = FigureChangeForm(request.POST)
            if not change_form.is_valid():
                return _render_report(request, user, report, change_form=change_form, status=400)
            monthly.report_change_figure(
                acting_user=user, report=report, version=version, **change_form.cleaned_data
            )
            messages.success(request, _("The figure is changed; the reason stays on the report."))
        elif action == "narrative":
            form = NarrativeForm(request.POST)
            text = form.cleaned_data["narrative"] if form.is_valid() else ""
            monthly.report_save_narrative(
                acting_user=user, report=report, version=version, narrative=text
            )
            messages.success(request, _("Saved."))
        elif action == "submit":
            monthly.report_submit(acting_user=user, report=report, version=version)
            messages.success(request, _("The report is submitted to the unit above."))
        elif action == "return":
            return_form = ReturnForm(request.POST)
            comment = return_form.cleaned_data["comment"] if return_form.is_valid() else ""
            monthly.report_return(acting_user=user, report=report, version=version, comment=comment)
            messages.success(request, _("The report is returned with your comment."))
        elif action == "accept":
            monthly.report_accept(acting_user=user, report=report, version=version)
            messages.success(request, _("The report is accepted."))
        else:
            raise Http404
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        if change_form is not None:
            change_form.add_domain_error(exc)
        elif return_form is not None:
            return_form.add_domain_error(exc)
        else:
            messages.error(request, str(exc.message))
            return redirect("reports:report", pk=report.pk)
        report.refresh_from_db()
        return _render_report(
            request, user, report, change_form=change_form, return_form=return_form, status=400
        )
    return redirect("reports:report", pk=report.pk)
