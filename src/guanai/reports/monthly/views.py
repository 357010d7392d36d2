"""Monthly report pages: a unit's month (its report and its sub-units'), and one report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.forms import posted_version
from guanai.core.months import add_months, month_label
from guanai.orgs.selectors import breadcrumb_of
from guanai.reports import monthly
from guanai.reports.holidays.selectors import holiday_calendar
from guanai.reports.models import MonthlyReport, ReportStatus
from guanai.reports.monthly import printing, selectors
from guanai.reports.monthly.forms import DeadlineForm, FigureChangeForm, NarrativeForm, ReturnForm
from guanai.reports.monthly.narrative import narrative_draft
from guanai.reports.monthly.reminders import reminders_shown
from guanai.reports.views_common import (
    last_month,
    month_from,
    neighbour,
    reader,
    unit_of,
)
from guanai.sheets.writing import XLSX, Export


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    """The reporting units the user sees, with last month's report of each."""
    user = reader(request)
    month = last_month()
    page, rows = selectors.index_page(user, month, request.GET.get("page"))
    return render(
        request,
        "reports/index.html",
        {
            "rows": rows,
            "page": page,
            "month": month,
            "reminders": reminders_shown(user),
        },
    )


@login_required
def report_month(request: HttpRequest, unit: int, month: str) -> HttpResponse:
    """A unit's month: its own report, its sub-units' reports with timeliness."""
    user = reader(request)
    org_unit = unit_of(user, unit)
    first = month_from(month)
    found = selectors.unit_month(org_unit, first)
    overview = found.overview
    return render(
        request,
        "reports/month.html",
        {
            "unit": org_unit,
            "month": first,
            "previous": neighbour(first, -1),
            "next": neighbour(first, 1),
            "breadcrumb": breadcrumb_of(org_unit, scoping.org_units_visible(user)),
            "report": found.report,
            "reports_up": monthly.reports_up(org_unit),
            "deadline": found.deadline,
            "timeliness": found.timeliness,
            "can_fill": monthly.can_fill(user, org_unit),
            "overview": overview,
            "timeliness_counts": [(t, t.label, overview.count(t)) for t in monthly.Timeliness],
            "reminders": reminders_shown(user),
            "deadline_form": DeadlineForm(initial={"day": overview.rule.day})
            if monthly.can_set_deadline(user, org_unit) and overview.rows
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
    month = request.POST.get("month", month_label(last_month()))
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


def _current(user: User, report: MonthlyReport) -> MonthlyReport:
    """Return the report as its page shows it: a draft its filler opens follows the data
    until it is submitted (changes by hand are kept)."""
    editable = report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    if editable and monthly.can_fill(user, report.org_unit):
        return monthly.report_open(acting_user=user, unit=report.org_unit, month=report.month)
    return report


@login_required
def deadline_holidays(request: HttpRequest, unit: int) -> HttpResponse:
    """Whether the reports of the units below move past weekends and holidays, with the
    coming year's deadlines under the rule; a leader of the unit changes it."""
    user = reader(request)
    org_unit = unit_of(user, unit)
    status = 200
    if request.method == "POST":
        try:
            monthly.holiday_setting_set(
                acting_user=user, unit=org_unit, choice=request.POST.get("choice")
            )
        except PermissionRefused as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            messages.error(request, str(exc.message))
            status = 400
        else:
            messages.success(request, _("Saved."))
            return redirect("reports:deadline_holidays", unit=org_unit.pk)
    rule = monthly.rule_below(org_unit)
    calendar = holiday_calendar()
    coming = [
        (m, monthly.deadline_explained(m, rule, calendar))
        for m in (add_months(last_month(), step) for step in range(12))
    ]
    return render(
        request,
        "reports/deadline_holidays.html",
        {
            "unit": org_unit,
            "breadcrumb": breadcrumb_of(org_unit, scoping.org_units_visible(user)),
            "setting": monthly.holiday_setting_of(org_unit),
            "rule": rule,
            "coming": coming,
            # Said once above the table, not on every row of a year the calendar lacks.
            "unknown_years": sorted({d.due.year for _m, d in coming if d.calendar_unknown}),
            "can_set": monthly.can_set_deadline(user, org_unit),
        },
        status=status,
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    report = _current(user, monthly.access_report(user, pk))
    return _render_report(request, user, report)


@login_required
def report_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The report on an A4 sheet: every figure beside last month's, the narrative, the
    signature lines and the date submitted."""
    user = reader(request)
    report = _current(user, monthly.access_report(user, pk))
    return render(request, "reports/report_print.html", {"sheet": printing.report_sheet(report)})


def _download(export: Export) -> HttpResponse:
    response = HttpResponse(export.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    report = _current(user, monthly.access_report(user, pk))
    return _download(printing.report_export(user=user, report=report, request=request))


@login_required
def summary_print(request: HttpRequest, unit: int, month: str) -> HttpResponse:
    """A unit's summary of its sub-units' reports of a month, to print and sign."""
    user = reader(request)
    org_unit = unit_of(user, unit)
    sheet = printing.summary_sheet(org_unit, month_from(month))
    return render(request, "reports/summary_print.html", {"sheet": sheet})


@login_required
def summary_xlsx(request: HttpRequest, unit: int, month: str) -> HttpResponse:
    user = reader(request)
    org_unit = unit_of(user, unit)
    first = month_from(month)
    return _download(
        printing.summary_export(user=user, unit=org_unit, month=first, request=request)
    )


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
    draft = ""
    if editable and can_fill and not report.narrative:
        # Offered in the empty box only: a narrative the clerk wrote is never replaced.
        previous = printing.previous_report(report)
        draft = narrative_draft(report.figures, previous.figures if previous else None)
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "rows": selectors.figure_rows(report),
            "breadcrumb": breadcrumb_of(report.org_unit, scoping.org_units_visible(user)),
            "timeliness": monthly.timeliness(report, report.deadline, today),
            "can_edit": editable and can_fill,
            "can_review": monthly.may_review(user, report),
            "change_form": change_form or FigureChangeForm(),
            "narrative_form": NarrativeForm(initial={"narrative": report.narrative}),
            "narrative_draft": draft,
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
            if not form.is_valid():
                # Refused whole, never cut or emptied: the stored narrative stays as it was.
                for error in form.errors.get("narrative", []):
                    messages.error(request, str(error))
                return _render_report(request, user, report, status=400)
            monthly.report_save_narrative(
                acting_user=user,
                report=report,
                version=version,
                narrative=form.cleaned_data["narrative"],
            )
            messages.success(request, _("Saved."))
        elif action == "submit":
            monthly.report_submit(acting_user=user, report=report, version=version)
            messages.success(request, _("The report is submitted to the unit above."))
        elif action == "return":
            return_form = ReturnForm(request.POST)
            if not return_form.is_valid():
                return _render_report(request, user, report, return_form=return_form, status=400)
            monthly.report_return(
                acting_user=user,
                report=report,
                version=version,
                comment=return_form.cleaned_data["comment"],
            )
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
