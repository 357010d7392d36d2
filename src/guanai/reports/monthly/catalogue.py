"""The figures of a monthly report: their labels, their order, and how they are stored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category
from guanai.reports.facts import CATEGORY_PREFIX
from guanai.reports.figures import AMOUNTS, HALVES, Month, month_figures

NARRATIVE_LENGTH = 5000  # the narrative is a TextField: this limit is the report's, not a column's

# The figures of a report in the order the form shows them.
FIGURE_LABELS: dict[str, Any] = {
    **{
        f"{CATEGORY_PREFIX}{code}": gettext_lazy("Persons: %(category)s") % {"category": label}
        for code, label in Category.choices
    },
    "persons_total": gettext_lazy("Persons on file"),
    "files_new": gettext_lazy("New files"),
    "files_closed": gettext_lazy("Closed files"),
    "pairings_active": gettext_lazy("Pairings"),
    "persons_paired": gettext_lazy("Persons paired"),
    "pairings_new": gettext_lazy("New pairings"),
    "care_records": gettext_lazy("Care records"),
    "talks": gettext_lazy("Heart-to-heart talks"),
    "visits": gettext_lazy("Home visits"),
    "plans_active": gettext_lazy("Assistance plans running"),
    "plans_new": gettext_lazy("New assistance plans"),
    "benefits_paid": gettext_lazy("Benefits paid (¥)"),
    "persons_paid": gettext_lazy("Persons paid"),
    "medical_claims": gettext_lazy("Medical-assistance claims"),
    "medical_assistance_paid": gettext_lazy("Medical assistance (¥)"),
    "donations_cash": gettext_lazy("Donations received (¥)"),
    "donations_in_kind": gettext_lazy("Donations in kind received"),
    "donations_in_kind_value": gettext_lazy("Value of donations in kind (¥)"),
    "grants_paid": gettext_lazy("Charity fund grants (¥)"),
    "volunteer_hours": gettext_lazy("Volunteer service hours"),
    "needs_met": gettext_lazy("Needs met"),
    "crosscheck_lists": gettext_lazy("Lists compared"),
    "crosscheck_found": gettext_lazy("Cross-check findings found"),
    "crosscheck_resolved": gettext_lazy("Cross-check findings resolved"),
    "crosscheck_open_end": gettext_lazy("Cross-check findings open at the month's end"),
}
FIGURES = tuple(FIGURE_LABELS)


HALF = Decimal("0.5")


def halves_text(value: Decimal | int) -> str:
    """Return hours counted to the half hour as text: "12" for whole hours, "12.5" else."""
    number = Decimal(value).quantize(Decimal("0.1"))
    return f"{number:.0f}" if number == number.to_integral_value() else f"{number:.1f}"


def figure_text(name: str, value: Decimal | int) -> str:
    """Store a figure as text: amounts with two decimals, hours with their half hour
    (``HALVES``), counts as whole numbers."""
    if name in AMOUNTS:
        return f"{Decimal(value):.2f}"
    if name in HALVES:
        return halves_text(value)
    return str(int(value))


def flat_figures(unit: OrgUnit, month: Month) -> dict[str, str]:
    """Return the unit's figures from the data, flattened to ``FIGURES`` as text."""
    live = month_figures(unit, month)
    values: dict[str, Decimal | int] = {
        f"{CATEGORY_PREFIX}{code}": n for code, n in live["persons_by_category"].items()
    }
    values.update({name: live[name] for name in FIGURES if name in live})
    return {name: figure_text(name, values.get(name, 0)) for name in FIGURES}
