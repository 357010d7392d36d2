"""KPI targets and yearly survey counts (摸底人数) of a unit: read, set, change."""

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
from guanai.core.db_router import replica_reads
from guanai.core.errors import DomainError, PermissionRefused
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import breadcrumb_of
from guanai.reports import kpis
from guanai.reports.kpis.forms import SurveyCountForm, TargetForm
from guanai.reports.views_common import reader, unit_of
from guanai.surveys.rounds.counts import counting_rounds


@login_required
def targets_index(request: HttpRequest) -> HttpResponse:
    """The units whose targets and survey counts the user sets."""
    user = reader(request)
    units = kpis.setting_units_for(user)
    return render(request, "reports/targets_index.html", {"units": units})


def _render(
    request: HttpRequest,
    user: User,
    unit: OrgUnit,
    *,
    target_form: TargetForm | None = None,
    target_kpi: str = "",
    survey_form: SurveyCountForm | None = None,
    status: int = 200,
) -> HttpResponse:
    years = kpis.survey_years()
    return render(
        request,
        "reports/targets.html",
        {
            "unit": unit,
            "breadcrumb": breadcrumb_of(unit, scoping.org_units_visible(user)),
            "rows": kpis.target_rows(unit),
            "counts": kpis.survey_counts_of(unit),
            "counting_rounds": sorted(counting_rounds(unit).items()),
            "children": kpis.units_below(unit),
            "can_set_targets": kpis.can_set_targets(user, unit),
            "can_enter_survey": kpis.can_enter_survey(user, unit),
            "target_form": target_form,
            "target_kpi": target_kpi,
            "survey_form": survey_form
            or SurveyCountForm(years=years, initial={"year": timezone.localdate().year}),
        },
        status=status,
    )


@login_required
@replica_reads()
def targets_page(request: HttpRequest, unit: int) -> HttpResponse:
    user = reader(request)
    return _render(request, user, unit_of(user, unit))


@login_required
@require_POST
def targets_action(request: HttpRequest, unit: int, action: str) -> HttpResponse:
    """Set a target (``target``) or enter a survey count (``survey``)."""
    user = reader(request)
    org_unit = unit_of(user, unit)
    try:
        if action == "target":
            target_form = TargetForm(request.POST)
            target_form.is_valid()
            data = target_form.cleaned_data
            try:
                setting = kpis.target_set(
                    acting_user=user,
                    unit=org_unit,
                    kpi=data.get("kpi", ""),
                    target=data.get("target", ""),
                )
            except DomainError as exc:
                if isinstance(exc, PermissionRefused):
                    raise
                target_form.add_domain_error(exc)
                return _render(
                    request,
                    user,
                    org_unit,
                    target_form=target_form,
                    target_kpi=data.get("kpi", ""),
                    status=400,
                )
            messages.success(
                request,
                _("%(kpi)s: the target is now %(target)s%%.")
                % {"kpi": kpis.BY_CODE[setting.kpi].label, "target": setting.target},
            )
        elif action == "survey":
            survey_form = SurveyCountForm(request.POST, years=kpis.survey_years())
            if not survey_form.is_valid():
                return _render(request, user, org_unit, survey_form=survey_form, status=400)
            try:
                entry = kpis.survey_count_set(
                    acting_user=user,
                    unit=org_unit,
                    year=survey_form.cleaned_data["year"],
                    count=survey_form.cleaned_data["count"],
                )
            except DomainError as exc:
                if isinstance(exc, PermissionRefused):
                    raise
                survey_form.add_domain_error(exc)
                return _render(request, user, org_unit, survey_form=survey_form, status=400)
            messages.success(
                request,
                _("The survey of %(year)s found %(count)s persons.")
                % {"year": entry.year, "count": entry.count},
            )
        else:
            raise Http404
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    return redirect("reports:targets", unit=org_unit.pk)
