"""The round's analysis page and the export of its answers.

Thin: read the round (``rounds.access``, 404 outside scope), the unit asked for
(``selectors.analysis_unit``), then count or export; the numbers come from ``tally``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from guanai.accounts.requests import request_user
from guanai.core.errors import ValidationFailed
from guanai.registry.purpose import PurposeForm
from guanai.registry.views.purpose import purpose_page
from guanai.surveys.analysis.access import can_export
from guanai.surveys.analysis.selectors import RoundAnalysis, analysis_unit, round_analysis
from guanai.surveys.analysis.services import answers_export
from guanai.surveys.analysis.tally import COUNTED_TYPES, GROUPINGS
from guanai.surveys.rounds.access import access_round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def grouping_labels() -> dict[str, str]:
    return {"category": _("Category"), "where": _("Village or school"), "unit": _("Unit")}


def chart_data(found: RoundAnalysis) -> dict[str, Any]:
    """Return what ``surveys/analysis.js`` draws: one bar chart per counted question."""
    charts = []
    for row in found.tally.questions:
        if row.question.type in COUNTED_TYPES and row.answered:
            charts.append(
                {
                    "id": f"chart-{row.question.code}",
                    "labels": [v.label for v in row.values],
                    "values": [v.count for v in row.values],
                }
            )
    return {"charts": charts}


def round_analysis_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    round_ = access_round(user, pk)
    unit, units = analysis_unit(user, round_, request.GET.get("unit"))
    found = round_analysis(user, round_, unit, units)
    code, by = request.GET.get("q", ""), request.GET.get("by", "category")
    table, fault = None, ""
    if code:
        try:
            table = found.crosstab(code, by)
        except ValidationFailed as exc:
            fault = str(exc.message)
    return render(
        request,
        "surveys/analysis_round.html",
        {
            "round": round_,
            "found": found,
            "counted": [q for q in found.form.questions if q.type in COUNTED_TYPES],
            "groupings": [(g, grouping_labels()[g]) for g in GROUPINGS],
            "chosen_q": code,
            "chosen_by": by,
            "crosstab": table,
            "crosstab_fault": fault,
            "chart": chart_data(found),
            "can_export": can_export(user, unit),
        },
        status=400 if fault else 200,
    )


def round_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the purpose (GET), then send the xlsx of the answers (POST, audited)."""
    user = request_user(request)
    round_ = access_round(user, pk)
    unit, _units = analysis_unit(user, round_, request.GET.get("unit"))
    if not can_export(user, unit):
        raise PermissionDenied
    form = PurposeForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return purpose_page(
            request,
            form,
            title=_("Export the answers of %(round)s") % {"round": round_.title},
            submit=_("Export xlsx (recorded in the audit log)"),
            cancel=reverse("surveys:round_analysis", args=[round_.pk]) + f"?unit={unit.pk}",
        )
    export = answers_export(
        acting_user=user,
        round_=round_,
        unit=unit,
        purpose=form.cleaned_data["purpose"],
        request=request,
    )
    response = HttpResponse(export.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
