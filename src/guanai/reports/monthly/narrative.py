"""A first draft of a report's narrative, written from its figures (the clerk edits it).

``narrative_draft`` is pure: the figures in, the text out. It quotes every figure as the
report shows it (counts as whole numbers, amounts in yuan) and compares the main ones
with last month's report when there is one. The draft is offered only while the
narrative is empty: it never replaces what a clerk wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from guanai.core.money import yuan
from guanai.registry.models import Category
from guanai.reports.facts import CATEGORY_PREFIX
from guanai.reports.figures import AMOUNTS, HALVES
from guanai.reports.monthly.catalogue import halves_text

Figures = Mapping[str, object]

# What a change is counted in: persons (人), times (次) or money (元); each has its words
# for more and fewer (written out, so that makemessages finds each context).
PERSONS, TIMES, MONEY = "persons", "times", "money"
CHANGE_WORDS = {
    PERSONS: (
        pgettext_lazy("persons", ", %(n)s more than last month"),
        pgettext_lazy("persons", ", %(n)s fewer than last month"),
    ),
    TIMES: (
        pgettext_lazy("times", ", %(n)s more than last month"),
        pgettext_lazy("times", ", %(n)s fewer than last month"),
    ),
    MONEY: (
        pgettext_lazy("money", ", %(n)s more than last month"),
        pgettext_lazy("money", ", %(n)s fewer than last month"),
    ),
}


def figure_number(value: object) -> Decimal | None:
    """Return a stored figure ("12", "1234.50", 12) as a number, or None if it is none."""
    if value is None or isinstance(value, bool | float):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def figure_shown(name: str, value: Decimal) -> str:
    """Return a figure as the report shows it: ¥1,234.50 for amounts, 12.5 for hours,
    12 for counts."""
    if name in AMOUNTS:
        return yuan(value)
    if name in HALVES:
        return halves_text(value)
    return str(int(value))


def _change(name: str, kind: str, figures: Figures, previous: Figures | None) -> str:
    """Return the clause comparing a figure with last month's, or "" with nothing to compare."""
    now = figure_number(figures.get(name))
    last = figure_number(previous.get(name)) if previous is not None else None
    if now is None or last is None:
        return ""
    diff = now - last
    if diff == 0:
        return _(", the same as last month")
    more, fewer = CHANGE_WORDS[kind]
    return str(more if diff > 0 else fewer) % {"n": figure_shown(name, abs(diff))}


def narrative_draft(figures: Figures, previous: Figures | None = None) -> str:
    """Return a draft narrative quoting every figure, one sentence a line.

    ``previous`` is last month's report's figures; without it nothing is compared.
    A category with nobody in it is left out of the list of categories.
    """

    def n(name: str) -> str:
        return figure_shown(name, figure_number(figures.get(name)) or Decimal(0))

    categories = [
        _("%(category)s %(n)s") % {"category": label, "n": n(f"{CATEGORY_PREFIX}{code}")}
        for code, label in Category.choices
        if figure_number(figures.get(f"{CATEGORY_PREFIX}{code}"))
    ]
    persons = _("This month %(total)s persons were on file%(change)s") % {
        "total": n("persons_total"),
        "change": _change("persons_total", PERSONS, figures, previous),
    }
    if categories:
        persons += _(", of them %(list)s") % {
            "list": pgettext("list separator", ", ").join(categories)
        }
    sentences = [
        persons + _("."),
        _("%(new)s new files were opened and %(closed)s closed.")
        % {"new": n("files_new"), "closed": n("files_closed")},
        _("%(pairings)s pairings were in place for %(paired)s persons, %(new)s of them new.")
        % {
            "pairings": n("pairings_active"),
            "paired": n("persons_paired"),
            "new": n("pairings_new"),
        },
        _(
            "%(records)s care records were made: %(talks)s heart-to-heart talks%(talks_change)s "
            "and %(visits)s home visits%(visits_change)s."
        )
        % {
            "records": n("care_records"),
            "talks": n("talks"),
            "talks_change": _change("talks", TIMES, figures, previous),
            "visits": n("visits"),
            "visits_change": _change("visits", TIMES, figures, previous),
        },
        _("%(plans)s assistance plans were running, %(new)s of them new.")
        % {"plans": n("plans_active"), "new": n("plans_new")},
        _("Benefits of %(amount)s were paid to %(persons)s persons%(change)s.")
        % {
            "amount": n("benefits_paid"),
            "persons": n("persons_paid"),
            "change": _change("benefits_paid", MONEY, figures, previous),
        },
        _("%(claims)s medical-assistance claims were settled, %(amount)s in all.")
        % {"claims": n("medical_claims"), "amount": n("medical_assistance_paid")},
        _(
            "Donations of %(cash)s in cash and %(goods)s donations in kind worth %(value)s "
            "were received, the charity funds granted %(grants)s, volunteers served "
            "%(hours)s hours and %(needs)s needs were met."
        )
        % {
            "cash": n("donations_cash"),
            "goods": n("donations_in_kind"),
            "value": n("donations_in_kind_value"),
            "grants": n("grants_paid"),
            "hours": n("volunteer_hours"),
            "needs": n("needs_met"),
        },
        _(
            "%(lists)s lists of other agencies were compared with the records; %(found)s "
            "discrepancies were found and %(resolved)s resolved, %(open)s remain open."
        )
        % {
            "lists": n("crosscheck_lists"),
            "found": n("crosscheck_found"),
            "resolved": n("crosscheck_resolved"),
            "open": n("crosscheck_open_end"),
        },
    ]
    return "\n".join(sentences)
