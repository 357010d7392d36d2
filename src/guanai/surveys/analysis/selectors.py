"""The reads of a round's analysis, scoped to the cases the user sees (``rounds.access``).

``analysis_units`` are the units the analysis can be narrowed to: the round's unit and the
units below it that the user sees. ``round_analysis`` counts the round's cases in a unit's
subtree (all, done, the share done) and tallies their complete answer sets; a fixed number
of queries, however many sets.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES
from guanai.accounts.scoping import AnyUser
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside, subtree_q
from guanai.surveys.analysis.tally import AnswerSet, CrossTab, Tally, crosstab, percent, tally
from guanai.surveys.engine import Form, form_read
from guanai.surveys.models import CaseStatus, FormVersion, Response, Round
from guanai.surveys.rounds.access import round_cases


@dataclass(frozen=True)
class RoundAnalysis:
    round: Round
    unit: OrgUnit
    units: list[OrgUnit]
    form: Form
    cases: int
    done: int
    done_percent: float | None
    tally: Tally
    sets: list[AnswerSet]

    def crosstab(self, code: str, grouping: str) -> CrossTab:
        return crosstab(self.form, code, grouping, self.sets)


def analysis_units(user: AnyUser, round_: Round) -> list[OrgUnit]:
    """Return the round's unit and the units below it whose data the user sees, by path."""
    mine = scoping.units_for(user, DATA_ROLES)
    inside = OrgUnit.objects.filter(subtree_q([round_.org_unit]))
    if any(is_inside(round_.org_unit, unit) for unit in mine):
        return list(inside.order_by("path"))
    return list(inside.filter(subtree_q(mine)).order_by("path"))


def analysis_unit(user: AnyUser, round_: Round, raw: str | int | None) -> tuple[OrgUnit, list]:
    """Return the unit asked for (or the first the user may choose) and the choices.

    A unit outside the choices is a 404; a user who sees none below the round (a helper
    with cases of it) gets the round's unit, still narrowed to their own cases.
    """
    units = analysis_units(user, round_)
    if raw in (None, ""):
        return (units[0] if units else round_.org_unit), units
    for unit in units:
        if str(unit.pk) == str(raw):
            return unit, units
    raise Http404


def _forms(responses: list[Response]) -> dict[int, Form]:
    """Read each version's definition once."""
    versions: dict[int, FormVersion] = {r.form_id: r.form for r in responses}
    return {pk: form_read(version.definition) for pk, version in versions.items()}


def answer_sets(responses: list[Response]) -> list[AnswerSet]:
    """Return the analysis's view of complete responses (read with their case and form)."""
    forms = _forms(responses)
    return [
        AnswerSet(
            answers=r.answers,
            problems=r.problems,
            form=forms[r.form_id],
            version=r.form.number,
            groups={
                "category": str(r.case.get_category_display()),
                "where": r.case.where or r.case.org_unit.name,
                "unit": r.case.org_unit.name,
            },
        )
        for r in responses
    ]


def complete_responses(user: AnyUser, round_: Round, unit: OrgUnit) -> QuerySet[Response]:
    """Return the complete answer sets of the round's cases the user sees in ``unit``."""
    cases = round_cases(user, round_).filter(subtree_q([unit], field="org_unit__path"))
    return (
        Response.objects.filter(case__in=cases.values("pk"), complete=True)
        .select_related("case__org_unit", "form", "author")
        .order_by("case__org_unit__path", "case__name", "pk")
    )


def round_analysis(user: AnyUser, round_: Round, unit: OrgUnit, units: list) -> RoundAnalysis:
    """Return the counts and the tally of the round in ``unit`` as the user sees them."""
    cases = round_cases(user, round_).filter(subtree_q([unit], field="org_unit__path"))
    counts = cases.aggregate(all=Count("pk"), done=Count("pk", filter=Q(status=CaseStatus.DONE)))
    responses = list(complete_responses(user, round_, unit))
    sets = answer_sets(responses)
    form = form_read(round_.form.definition)
    return RoundAnalysis(
        round=round_,
        unit=unit,
        units=units,
        form=form,
        cases=counts["all"],
        done=counts["done"],
        done_percent=percent(counts["done"], counts["all"]),
        tally=tally(form, round_.form.number, sets),
        sets=sets,
    )
