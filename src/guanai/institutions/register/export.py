"""The county overview as an xlsx (audited): one row per institution and the totals."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from guanai.accounts.models import User
from guanai.core.audit import export_logged
from guanai.institutions.register.selectors import TYPE_LABELS, OverviewRow, overview
from guanai.sheets.writing import Export, workbook_bytes


def _percent(value: object) -> object:
    return "—" if value is None else value


def _row(row: OverviewRow) -> list[object]:
    profile = row.institution
    if profile is None:
        return [
            row.unit.name,
            row.unit.parent.name if row.unit.parent else "",
            _("Profile not entered yet."),
        ]
    unmet = "；".join(f"{v.ref} {v.text}" for v in row.unmet)
    return [
        row.unit.name,
        row.unit.parent.name if row.unit.parent else "",
        str(profile.get_category_display()),
        str(profile.get_type_display()),
        _percent(None if row.checklist is None else row.checklist.percent),
        unmet or "—",
        row.capacity,
        row.residents,
        _percent(row.occupancy),
        *row.types,
    ]


def overview_export(*, user: User, day: date, request: HttpRequest | None) -> Export:
    """Return the overview of every institution ``user`` reads on ``day`` as xlsx; the
    export is audited (what, rows, purpose)."""
    found = overview(user, day)
    headers = [
        pgettext("institution", "Institution"),
        _("Unit"),
        pgettext("institution", "Category"),
        _("Type"),
        _("Standard met (%)"),
        _("Items not met"),
        _("Beds or places"),
        _("Residents"),
        _("Occupancy (%)"),
        *[str(label) for label in TYPE_LABELS],
    ]
    rows = [_row(r) for r in found.rows]
    rows.append(
        [
            _("Total"),
            "",
            "",
            "",
            "",
            found.not_met,
            found.capacity,
            found.residents,
            _percent(found.occupancy),
            *found.types,
        ]
    )
    content, count = workbook_bytes(
        title=_("Institutions overview %(day)s") % {"day": f"{day:%Y-%m-%d}"},
        headers=headers,
        rows=rows,
        widths=[24, 12, 14, 10, 10, 40],
    )
    export_logged(
        user=user,
        what="institutions.overview",
        rows=count,
        request=request,
        filters={"day": f"{day:%Y-%m-%d}"},
        purpose=_("institutions overview for the county"),
    )
    return Export(content, f"institutions-overview-{day:%Y-%m-%d}.xlsx")
