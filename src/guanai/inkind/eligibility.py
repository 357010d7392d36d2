"""The rules of ``inkind.rules`` in their two forms: one person explained, and SQL for subtrees.

``person_decision`` reads a person's spans (prefetched or one query) and explains, condition
by condition, whether they qualify; ``eligible_q`` is a filter on ``Person`` that selects
everyone who qualifies on a day in a few statements, for the eligible-but-not-served lists
and the targets. A property test checks on random persons that the two agree.

*Served* means a delivered request of the service (a finished project is delivered by its
acceptance): a person served once is not listed again, whatever they qualify for today.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from guanai.core.dates import years_before
from guanai.inkind.models import Application, ApplicationStatus, Service
from guanai.inkind.rules import CENTRALISED, SUPPORT_CATEGORIES, Decision, Facts, Span, decide
from guanai.registry.models import Person, PersonCategory


def facts_of(person: Person) -> Facts:
    """Return what the rules read of ``person`` (its categories prefetched, or one query)."""
    spans = [
        Span(span.category, span.details or {}, span.started_on, span.ended_on)
        for span in person.categories.all()
    ]
    return Facts(spans, person.birth_date, person.house_condition, person.archived_at is not None)


def person_decision(service: Service, person: Person, on: date) -> Decision:
    return decide(service.rules, facts_of(person), on)


def _current(on: date) -> QuerySet[PersonCategory]:
    return PersonCategory.objects.filter(
        Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on)),
        person=OuterRef("pk"),
    )


def eligible_q(rules: Mapping[str, Any], on: date) -> Q:
    """Return a filter on ``Person``: who qualifies under ``rules`` on ``on``."""
    span = _current(on).filter(category__in=rules["categories"])
    if rules.get("types"):
        span = span.filter(details__type__in=rules["types"])
    if rules.get("grades"):
        span = span.filter(details__grade__in=rules["grades"])
    if rules.get("support"):
        span = span.filter(details__support__in=rules["support"])
    found = Q(Exists(span), archived_at__isnull=True)
    if rules.get("also"):
        found &= Q(Exists(_current(on).filter(category__in=rules["also"])))
    if rules.get("not_centralised"):
        centralised = _current(on).filter(
            category__in=SUPPORT_CATEGORIES, details__support=CENTRALISED
        )
        found &= ~Q(Exists(centralised))
    if rules.get("age_min") is not None:
        # Aged at least N on ``on``: born on or before the day N years earlier.
        found &= Q(birth_date__lte=years_before(on, rules["age_min"]))
    if rules.get("age_max") is not None:
        # Aged at most N: born after the day N + 1 years earlier.
        found &= Q(birth_date__gt=years_before(on, rules["age_max"] + 1))
    if rules.get("house"):
        found &= Q(house_condition__in=rules["house"])
    return found


def served_q(service: Service, by: date | None = None) -> Q:
    """Return a filter on ``Person``: who received ``service`` (on or before ``by``)."""
    delivered = Application.objects.filter(
        person=OuterRef("pk"), service=service, status=ApplicationStatus.DELIVERED
    )
    if by is not None:
        delivered = delivered.filter(delivered_on__lte=by)
    return Q(Exists(delivered))
