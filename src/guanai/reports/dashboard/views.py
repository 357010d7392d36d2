"""The dashboard pages: KPIs, trend, sub-units and categories; drill-down; xlsx export."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.core.db_router import replica_reads
from guanai.core.errors import ValidationFailed
from guanai.core.months import last_day, month_label, this_month
from guanai.crosscheck.summary import report_panel as crosscheck_panel
from guanai.governance.panels import DASHBOARD, panels_shown
from guanai.orgs.selectors import breadcrumb_of
from guanai.reports import exports, kpis
from guanai.reports.dashboard.access import can_refresh, home_unit
from guanai.reports.dashboard.community import community_card
from guanai.reports.dashboard.selectors import COMPARED, chart_data, dashboard
from guanai.reports.dashboard.services import facts_refresh_request
from guanai.reports.figures import month_of
from guanai.reports.views_common import last_month, month_from, neighbour, reader, unit_of


def _persons_link(unit_pk: int, category: str = "") -> str:
    query = {"unit": unit_pk, **({"category": category} if category else {})}
    return f"{reverse('registry:person_list')}?{urlencode(query)}"


@login_required
def dashboard_index(request: HttpRequest) -> HttpResponse:
    """Open the dashboard where the user works, on the last complete month.

    The current month is a few days old for a third of the time: its figures would read
    as nothing done. The page offers it as "so far" (本月至今).
    """
    user = reader(request)
    unit = home_unit(user)
    return redirect("reports:dashboard", unit=unit.pk, month=month_label(last_month()))


@login_required
@replica_reads()  # the heaviest page: read from the replica when there is one
def dashboard_page(request: HttpRequest, unit: int, month: str) -> HttpResponse:
    """One unit's dashboard for the month in the address; a month that is not one, or
    has not begun, is refused with the reason, on the unit's last complete month."""
    user = reader(request)
    org_unit = unit_of(user, unit)
    try:
        first = month_of(month).first
    except ValidationFailed as exc:
        messages.error(request, str(exc.message))
        return redirect("reports:dashboard", unit=org_unit.pk, month=month_label(last_month()))
    board = dashboard(org_unit, first)
    day = min(timezone.localdate(), last_day(first))  # the panels' figures as of the month's end
    breadcrumb = breadcrumb_of(org_unit, scoping.org_units_visible(user))
    month_text = month_label(first)
    links = {
        "subunits": [
            reverse("reports:dashboard", args=[row.unit.pk, month_text]) for row in board.subunits
        ],
        "categories": [_persons_link(org_unit.pk, code) for code, _l, _n in board.categories],
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "board": board,
            "unit": org_unit,
            "month": first,
            "previous": neighbour(first, -1),
            "next": neighbour(first, 1),
            "last_month": last_month(),
            "this_month": this_month(),
            "so_far": first == this_month(),
            "today": timezone.localdate(),
            "breadcrumb": breadcrumb,
            # Where the persons of a unit without any are: the nearest unit above it the
            # user may open (an office's county).
            "unit_above": next((u for u, openable in reversed(breadcrumb[:-1]) if openable), None),
            "chart": chart_data(board, links),
            "compared": [kpis.BY_CODE[code] for code in COMPARED],
            "persons_link": _persons_link(org_unit.pk),
            "category_rows": [
                (code, label, n, links["categories"][i])
                for i, (code, label, n) in enumerate(board.categories)
            ],
            "can_refresh": can_refresh(user),
            "community": community_card(user, org_unit, first),
            # 数据比对: the findings of the unit and below by kind, as of the month's end.
            "crosscheck_panel": crosscheck_panel(user, org_unit, day),
            # 工作机制: the targets' progress, the practical matters, the rectifications.
            "governance_panels": panels_shown(DASHBOARD, user, org_unit, day),
        },
    )


@login_required
@require_POST
def dashboard_refresh(request: HttpRequest, unit: int, month: str) -> HttpResponse:
    """Recompute the month's facts in the background (leaders and workers)."""
    user = reader(request)
    org_unit = unit_of(user, unit)
    first = month_from(month)
    if can_refresh(user):  # a viewer's request changes nothing, as the page offers none
        facts_refresh_request(acting_user=user, month=first)
        messages.success(
            request, _("The figures are being recomputed; reload the page in a minute.")
        )
    return redirect("reports:dashboard", unit=org_unit.pk, month=month_label(first))


@login_required
@replica_reads()
def dashboard_export(request: HttpRequest, unit: int, month: str) -> HttpResponse:
    """The dashboard's KPIs for the unit and each sub-unit as an xlsx (audited)."""
    user = reader(request)
    export = exports.dashboard_export(
        user=user, unit=unit_of(user, unit), month=month_from(month), request=request
    )
    response = HttpResponse(export.content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
