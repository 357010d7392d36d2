"""A helper's own quotas on the work list (篇一: each class teacher talks with 3–5 pupils
a week): the helper rules in force in the user's units that fit their pairings, counted
in one aggregate over the user's own records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES, User
from guanai.accounts.scoping import AnyUser
from guanai.care import rules as care_rules
from guanai.care.models import CareRecordPerson, FrequencyRule, Pairing, RuleTarget
from guanai.care.periods import Outcome, Tally, evaluate, windows


@dataclass(frozen=True)
class Quota:
    """A helper rule for the user: how many persons they met this period, of how many."""

    rule: FrequencyRule
    outcome: Outcome

    @property
    def over(self) -> bool:
        return self.rule.times_max is not None and self.outcome.done > self.rule.times_max


def membership_paths(user: AnyUser) -> list[str]:
    return [u.path for u in scoping.units_for(user, DATA_ROLES)]


def quotas_for(user: User, rules: list[FrequencyRule], today: date) -> list[Quota]:
    """Return the helper rules in force in the user's units that fit their pairings.

    A rule naming a helper role holds for a user paired with someone in that role now;
    one without, for anyone paired with someone. It counts the distinct persons the user
    met in records of the rule's kinds in this period (and the previous one).
    """
    held: dict[str, FrequencyRule] = {}
    for path in membership_paths(user):
        for r in care_rules.resolve(rules, path):
            if r.rule.target == RuleTarget.HELPER:
                held.setdefault(r.rule.code, r.rule)
    if not held:
        return []
    roles = set(
        Pairing.objects.filter(helper=user, ended_on__isnull=True)
        .values_list("role", flat=True)
        .order_by()
        .distinct()
    )
    fitting = [
        rule
        for rule in held.values()
        if roles and (not rule.helper_role or rule.helper_role in roles)
    ]
    if not fitting:
        return []
    spans = windows(today)
    aggregates = {}
    for rule in fitting:
        kinds = Q(kind__in=rule.kind_list) if rule.kind_list else Q()
        for name in (str(rule.period), f"prev_{rule.period}"):
            start, end = spans[name]
            aggregates[f"r{rule.pk}_{name}"] = Count(
                "person",
                distinct=True,
                filter=kinds & Q(occurred_on__gte=start, occurred_on__lte=end),
            )
    earliest = min(start for start, _end in spans.values())
    totals = CareRecordPerson.objects.filter(
        record__author=user, occurred_on__gte=earliest
    ).aggregate(**aggregates)
    quotas = []
    for rule in sorted(fitting, key=lambda r: r.code):
        counts = {
            name: totals[f"r{rule.pk}_{name}"] or 0
            for name in (str(rule.period), f"prev_{rule.period}")
        }
        quotas.append(Quota(rule, evaluate(rule, Tally(counts=counts), today)))
    return quotas
