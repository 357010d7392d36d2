"""A plan on paper: the A4 print page's lines and the xlsx export (audited).

Both carry the same signature footer as the monthly report's paper copy (制定人, 审核人,
单位负责人, 盖章): a school files its activity plan signed and stamped.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.activities.models.plans import ActivityPlan
from guanai.activities.plans.selectors import plan_months
from guanai.core.audit import export_logged
from guanai.sheets.writing import Export, workbook_bytes

BLANK = "________"
WIDTHS = (12, 12, 24, 14, 50, 12)


def school_year_label(plan: ActivityPlan) -> str:
    """Return "2026–2027学年" and the term, as the plan's heading shows them."""
    label = _("%(first)s–%(second)s school year") % {
        "first": plan.school_year,
        "second": plan.school_year + 1,
    }
    return f"{label} {plan.get_term_display()}" if plan.term else label


def owner_name(plan: ActivityPlan) -> str:
    owner = plan.owner
    return "" if owner is None else owner.full_name or owner.get_username()


def signature_line(preparer: str) -> str:
    """Return the line the paper copy is signed and stamped on."""
    return "    ".join(
        [
            f"{_('Prepared by')}：{preparer or BLANK}",
            f"{_('Checked by')}：{BLANK}",
            f"{_('Head of the unit')}：{BLANK}",
            _("(Seal)"),
        ]
    )


def plan_export(*, user: User, plan: ActivityPlan, request: HttpRequest | None) -> Export:
    """Return the plan as an xlsx, one row per activity in month order (audited).

    The caller has fetched ``plan`` through ``access_plan``. Dates are ISO dates in date
    cells; the month is the first day of the month, shown as a month.
    """
    rows = [
        [
            date_format(month.month, "YEAR_MONTH_FORMAT"),
            item.on,
            item.title,
            item.get_kind_display(),
            item.description,
            item.responsible,
        ]
        for month in plan_months(plan)
        for item in month.items
    ]
    content, count = workbook_bytes(
        title=plan.title,
        lead=[
            f"{_('Unit')}：{plan.org_unit.name}",
            f"{_('School year')}：{school_year_label(plan)}",
            f"{_('Status')}：{plan.get_status_display()}",
        ],
        headers=[
            _("Month"),
            _("Date"),
            _("Activity"),
            _("Kind"),
            _("Description"),
            _("Responsible"),
        ],
        widths=WIDTHS,
        rows=rows,
        after=[signature_line(owner_name(plan)), f"{_('Date')}：{BLANK}"],
    )
    export_logged(
        user=user,
        what="activities.activity_plan",
        rows=count,
        request=request,
        filters={"plan": plan.pk, "unit": plan.org_unit_id, "school_year": plan.school_year},
        purpose=_("activity plan on paper"),
    )
    return Export(
        content,
        f"activity-plan-{plan.org_unit.code or plan.org_unit_id}-{plan.school_year}-{plan.pk}.xlsx",
    )
