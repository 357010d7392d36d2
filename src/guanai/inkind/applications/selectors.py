"""Reading requests: the list a worker works through, and what one person may receive.

``applications_search`` filters the requests the user reads (``access.requests_visible``)
by status, service, unit and name, in a fixed number of queries. ``person_services`` says,
for each service in use, whether the person qualifies today (with the rules' explanation)
and what was asked for them already: the page of a person's services and the one-click
request both start from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from guanai.accounts.scoping import AnyUser
from guanai.inkind import access
from guanai.inkind.eligibility import person_decision
from guanai.inkind.models import (
    Application,
    ApplicationStatus,
    FollowUp,
    Service,
    StageRecord,
)
from guanai.inkind.rules import Decision
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person


@dataclass(frozen=True)
class ApplicationFilter:
    status: str = ""
    service: Service | None = None
    unit: OrgUnit | None = None
    name: str = ""
    open_only: bool = False


def applications_search(user: AnyUser, found: ApplicationFilter) -> QuerySet[Application]:
    """Return the requests the user reads that match ``found``, newest first."""
    rows = access.requests_visible(user)
    if found.status:
        rows = rows.filter(status=found.status)
    if found.open_only:
        rows = rows.filter(
            status__in=[
                ApplicationStatus.REQUESTED,
                ApplicationStatus.ASSESSED,
                ApplicationStatus.APPROVED,
            ]
        )
    if found.service is not None:
        rows = rows.filter(service=found.service)
    if found.unit is not None:
        rows = rows.filter(subtree_q([found.unit], field="person__org_unit__path"))
    if found.name:
        text = found.name.strip()
        rows = rows.filter(
            Q(person__name__contains=text) | Q(person__name_initials__startswith=text.lower())
        )
    return rows.order_by("-requested_on", "-pk")


def application_detail(user: AnyUser, pk: int) -> Application:
    """Return a request the user reads with its stages, photos and follow-ups (or 404)."""
    application = access.access_request(user, pk)
    stages = (
        StageRecord.objects.select_related("recorded_by")
        .prefetch_related("photos")
        .order_by("done_on", "pk")
    )
    followups = FollowUp.objects.select_related("recorded_by")
    return (
        Application.objects.filter(pk=application.pk)
        .select_related(
            "person__org_unit",
            "service",
            "requested_by",
            "assessed_by",
            "decided_by",
            "delivered_by",
        )
        .prefetch_related(
            Prefetch("stages", queryset=stages), Prefetch("followups", queryset=followups)
        )
        .get()
    )


@dataclass(frozen=True)
class PersonService:
    """One service for one person: whether they qualify, and their requests for it."""

    service: Service
    decision: Decision
    applications: list[Application]

    @property
    def open(self) -> Application | None:
        return next((a for a in self.applications if a.is_open), None)

    @property
    def delivered(self) -> Application | None:
        return next((a for a in self.applications if a.status == ApplicationStatus.DELIVERED), None)


def person_services(user: AnyUser, person: Person, on: date) -> list[PersonService]:
    """Return every service in use for ``person``: qualifies or not (and why), requests."""
    person = Person.objects.prefetch_related("categories").get(pk=person.pk)
    applications: dict[int, list[Application]] = {}
    for application in access.requests_visible(user).filter(person=person):
        applications.setdefault(application.service_id, []).append(application)
    return [
        PersonService(
            service, person_decision(service, person, on), applications.get(service.pk, [])
        )
        for service in Service.objects.filter(active=True)
    ]
