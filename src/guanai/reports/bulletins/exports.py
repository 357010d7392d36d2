"""A bulletin's ranking as an xlsx workbook, for the page and the API; every export is
written to the access log here, not by the caller."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.audit import export_logged
from guanai.reports.bulletins.selectors import content_of, rated_kpis
from guanai.reports.models import Bulletin
from guanai.sheets.writing import Export, workbook_bytes


def bulletin_export(*, user: User, bulletin: Bulletin, request: HttpRequest | None) -> Export:
    """Return the ranking with each sub-unit's KPIs and report timeliness as xlsx (audited).

    The caller has read ``bulletin`` through ``access_bulletin``.
    """
    content = content_of(bulletin.org_unit, bulletin.month)
    rated = rated_kpis()
    headers = [
        _("Rank"),
        _("Unit"),
        _("Score"),
        *[f"{k.label} (%)" for k in rated],
        _("Monthly report"),
    ]
    rows = []
    for entry in content.ranking:
        values = [entry.values[k.code].value for k in rated]
        rows.append(
            [
                entry.rank,
                entry.unit.name,
                entry.score if entry.score is not None else "—",
                *[v if v is not None else "—" for v in values],
                entry.report.timeliness.label if entry.report else "—",
            ]
        )
    data, count = workbook_bytes(
        title=bulletin.title,
        headers=headers,
        rows=rows,
        footer=_("Unit: %(unit)s    Prepared by: ______    Checked by: ______    Date: %(day)s")
        % {"unit": bulletin.org_unit.name, "day": f"{timezone.localdate():%Y-%m-%d}"},
    )
    export_logged(
        user=user,
        what="reports.bulletin",
        rows=count,
        request=request,
        filters={"bulletin": bulletin.pk},
        purpose=_("monthly bulletin"),
    )
    return Export(data, f"bulletin-{bulletin.pk}.xlsx")
