"""Reads of the care log: the persons a user may care for, the records a user may read.

Every read is scoped by ``accounts.scoping``; a record or person outside the scope is
``Http404``. Reading a person's care page is audited here (``person_care_read``), so that
the page and the API leave the same trail.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import AnyUser
from guanai.care import rules as care_rules
from guanai.care.models import (
    AREAS,
    CareRecord,
    CareRecordPerson,
    CareRecordPhoto,
    FrequencyRule,
    Pairing,
)
from guanai.core.audit import access_log
from guanai.core.models import AuditAction
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person

# The persons offered as ticks in the record form besides those it was opened for.
OFFERED_PERSONS = 60


def careable_persons_q(user: AnyUser, prefix: str = "") -> Q:
    """Return the filter for the persons the user may write care records for.

    The roster editors (leaders and workers) of a unit containing the person's unit, and
    whoever is paired with the person now; ``permissions.can_care_for`` as one filter.
    """
    editors = subtree_q(
        scoping.units_for(user, scoping.ROSTER_EDITORS), field=f"{prefix}org_unit__path"
    )
    return editors | scoping.paired_persons_q(user, field=f"{prefix}pk")


def careable_persons(user: AnyUser) -> QuerySet[Person]:
    """Return the persons (not archived) the user may write care records for."""
    return Person.objects.filter(careable_persons_q(user), archived_at__isnull=True)


def _visible_met(user: AnyUser) -> Prefetch:
    """Prefetch the persons met whom the user may read (as ``visible_met``).

    A group talk may include a pupil of another class: the record shows, its other
    names do not.
    """
    return Prefetch(
        "met",
        queryset=CareRecordPerson.objects.filter(scoping.persons_q(user, "person__"))
        .select_related("person")
        .order_by("person__name_sort", "pk"),
        to_attr="visible_met",
    )


def records_visible(user: AnyUser) -> QuerySet[CareRecord]:
    """Return the care records of the persons the user may read, newest first."""
    met = CareRecordPerson.objects.filter(scoping.persons_q(user, "person__")).values("record_id")
    return (
        CareRecord.objects.filter(pk__in=met)
        .select_related("author")
        .prefetch_related(_visible_met(user))
        .order_by("-occurred_on", "-pk")
    )


def records_of_person(user: AnyUser, person: Person) -> QuerySet[CareRecord]:
    """Return the care records of a person the caller has accessed, newest first."""
    return (
        CareRecord.objects.filter(
            pk__in=CareRecordPerson.objects.filter(person=person).values("record_id")
        )
        .select_related("author")
        .prefetch_related(_visible_met(user), "photos")
        .order_by("-occurred_on", "-pk")
    )


def access_record(user: AnyUser, pk: int) -> CareRecord:
    """Return a care record of a person the user may read, else raise Http404."""
    return get_object_or_404(records_visible(user), pk=pk)


def access_record_photo(user: AnyUser, record_pk: int, pk: int) -> CareRecordPhoto:
    """Return a photo of a care record the user may read, else raise Http404."""
    record = access_record(user, record_pk)
    return get_object_or_404(CareRecordPhoto, record=record, pk=pk)


def ratings_trend(person: Person, *, last: int = 6) -> list[CareRecord]:
    """Return the person's latest rated records, oldest first, for the trend of the areas."""
    rated = Q()
    for area in AREAS:
        rated |= Q(**{f"{area}__isnull": False})
    records = (
        CareRecord.objects.filter(
            rated, pk__in=CareRecordPerson.objects.filter(person=person).values("record_id")
        )
        .order_by("-occurred_on", "-pk")
        .only("occurred_on", "kind", *AREAS)[:last]
    )
    return list(reversed(records))


def can_edit_record(user: AnyUser, record: CareRecord) -> bool:
    """Return whether the user may open the edit form of ``record`` (its author)."""
    return bool(user.is_authenticated and record.author_id == user.pk)


def person_care_read(
    user: AnyUser, person: Person, *, request: HttpRequest | None = None
) -> QuerySet[CareRecord]:
    """Return the care records of a person the caller has accessed, and audit the read.

    The care page and the API's list of a person's records call this: each read of a
    person's care log is written in the access log.
    """
    access_log(
        user=user, action=AuditAction.READ, obj=person, request=request, detail={"page": "care"}
    )
    return records_of_person(user, person)


def careable_chosen(user: AnyUser, pks: Iterable[int]) -> list[Person]:
    """Return the chosen persons the user may care for, by name; any other is a 404."""
    wanted = set(pks)
    found = list(careable_persons(user).filter(pk__in=wanted).order_by("name_sort"))
    if len(found) != len(wanted):
        raise Http404
    return found


def persons_offered(user: AnyUser, chosen: Iterable[int]) -> tuple[list[Person], int]:
    """Return the persons the record form offers, and how many paired ones it leaves out.

    Offered are those chosen, then the persons paired with the user by name, the first
    ``OFFERED_PERSONS`` of them; the page says how many more there are (a record for one
    of them is opened from the person's own page).
    """
    chosen = set(chosen)
    careable = careable_persons(user)
    picked = list(careable.filter(pk__in=chosen).order_by("name_sort"))
    paired = careable.filter(
        pk__in=Pairing.objects.filter(helper=user.pk, ended_on__isnull=True).values("person_id")
    ).exclude(pk__in=chosen)
    listed = list(paired.order_by("name_sort")[:OFFERED_PERSONS])
    more = paired.count() - len(listed) if len(listed) == OFFERED_PERSONS else 0
    return picked + listed, more


def persons_met(record: CareRecord) -> QuerySet[Person]:
    """Return the persons met in a record whom its reader sees (``visible_met``)."""
    met = record.visible_met  # type: ignore[attr-defined]
    return Person.objects.filter(pk__in=[m.person_id for m in met])


# --- Frequency rules ------------------------------------------------------------------


def units_led(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units the user leads and the units below them."""
    return OrgUnit.objects.filter(subtree_q(scoping.units_for(user, [Role.LEADER])))


def access_led_unit(user: AnyUser, pk: int) -> OrgUnit:
    """Return a unit the user leads (or one below it), else raise Http404."""
    return get_object_or_404(units_led(user), pk=pk)


def access_rule_led(user: AnyUser, pk: int) -> FrequencyRule:
    """Return a rule set in a unit the user leads (or one below it), else raise Http404."""
    return get_object_or_404(care_rules.rules_visible(units_led(user)), pk=pk)


def access_unit_with_data(user: AnyUser, pk: int) -> OrgUnit:
    """Return a unit whose data the user may read (a rule's unit), else raise Http404."""
    return get_object_or_404(scoping.org_units_with_data(user), pk=pk)


def access_rule(user: AnyUser, pk: int) -> FrequencyRule:
    """Return a rule set in a unit whose data the user may read, else raise Http404."""
    return get_object_or_404(care_rules.rules_visible(scoping.org_units_with_data(user)), pk=pk)


def rule_above(unit: OrgUnit, pk: int) -> FrequencyRule | None:
    """Return the rule ``pk`` if it is set in ``unit`` or a unit above it, else None."""
    return (
        FrequencyRule.objects.filter(pk=pk, org_unit__path__in=unit.ancestor_paths())
        .select_related("org_unit")
        .first()
    )
