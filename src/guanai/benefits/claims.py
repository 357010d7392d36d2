"""Medical-assistance claims (医疗救助): recording a hospital stay and what it pays.

The amounts come from ``medical.compute``; this module adds what a recorded claim needs:

* the person's own poor groups on the discharge date (not what the clerk ticks), their
  unit's standards on the discharge date (``policies.rates_for``), and what they received
  this year: the sums of their recorded, not cancelled, claims discharged in the same
  calendar year, whatever the order in which the stays were recorded. So the caps carry
  across the claims of one year and start afresh on 1 January.
* Two claims of one person recorded at the same moment must not both use the same rest
  of a cap. ``claim_record`` locks the person's row (``SELECT … FOR UPDATE`` on
  PostgreSQL) before reading the year so far; on SQLite every transaction begins
  IMMEDIATE (settings.py), which already lets one writer in at a time.
* A claim stores its inputs, amounts and explanation lines as computed, so it reads the
  same after the standards change. It is never edited: a mistake is cancelled with a
  reason and recorded again. Cancelling frees its share of the caps for later claims;
  claims recorded after it keep their amounts (they were paid).

Who: the roster roles of a unit containing the person's unit read claims; its leaders and
workers record and cancel them (DESIGN §1). A claim outside the user's scope is a 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.benefits import catalogue
from guanai.benefits.medical import (
    MEDICAL_CODES,
    ClaimInput,
    ClaimResult,
    YearSoFar,
    child_rehabilitation_groups,
    claim_input_clean,
    compute,
    disease_clean,
    poor_groups,
    year_so_far_clean,
)
from guanai.benefits.models import ClaimStatus, MedicalClaim
from guanai.benefits.policies import default_rates, rates_for
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.money import ZERO
from guanai.core.text import column_limit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person, PersonCategory
from guanai.registry.selectors import PersonFilter, persons_search
from guanai.registry.services import require_open_file

HOSPITAL_LENGTH = column_limit(MedicalClaim, "hospital")
REASON_LENGTH = column_limit(MedicalClaim, "cancel_reason")


# --- Reads ---------------------------------------------------------------------------------


def claims_visible(user: AnyUser) -> QuerySet[MedicalClaim]:
    """Return the claims of the persons on the rosters the user reads (leader, worker, viewer)."""
    return MedicalClaim.objects.filter(
        scoping.roster_subtree_q(user, field="person__org_unit__path")
    ).select_related("person", "person__org_unit")


def access_claim(user: AnyUser, pk: int) -> MedicalClaim:
    """Return a claim the user may read, or raise Http404."""
    return get_object_or_404(claims_visible(user), pk=pk)


def claimable_persons(user: AnyUser, text: str, *, editors_only: bool) -> QuerySet[Person]:
    """Return the persons whose claims the user may record (or read), found by ``text``.

    Poor-group persons, and orphaned or disabled children for their rehabilitation; on
    the rosters the user reads, or edits when ``editors_only``.
    """
    roles = scoping.ROSTER_EDITORS if editors_only else scoping.ROSTER_ROLES
    return (
        persons_search(user, PersonFilter(q=text))
        .filter(subtree_q(scoping.units_for(user, roles), field="org_unit__path"))
        .filter(_claimable_now())
    )


def _in_now(categories: tuple[str, ...]) -> Exists:
    today = timezone.localdate()
    return Exists(
        PersonCategory.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            person=OuterRef("pk"),
            category__in=categories,
            started_on__lte=today,
        )
    )


def _claimable_now() -> Q:
    """Poor-group persons, and orphaned or disabled children (their rehabilitation, 篇八 (一) 5)."""
    today = timezone.localdate()
    try:
        adult_birthday = today.replace(year=today.year - catalogue.CHILD_AGE)
    except ValueError:  # 29 February
        adult_birthday = today.replace(year=today.year - catalogue.CHILD_AGE, day=28)
    return Q(_in_now(tuple(catalogue.POOR_GROUPS))) | (
        Q(_in_now(tuple(catalogue.CHILD_REHABILITATION_GROUPS))) & Q(birth_date__gt=adult_birthday)
    )


def can_record_claims(user: AnyUser, person: Person) -> bool:
    """Return whether the user records and cancels claims of ``person`` (leader or worker)."""
    return scoping.holds_role_over(user, person.org_unit, scoping.ROSTER_EDITORS)


# The categories a claim reads: the poor groups, and the orphan and disabled categories
# that make a child eligible for the rehabilitation relief (篇八 (一) 5).
CLAIM_CATEGORIES = tuple(
    dict.fromkeys((*catalogue.POOR_GROUPS, *catalogue.CHILD_REHABILITATION_GROUPS))
)


def categories_on(person: Person, on: date) -> tuple[str, ...]:
    """Return the person's claim categories in force on ``on``, in the catalogue's order."""
    held = set(
        PersonCategory.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on),
            person=person,
            category__in=CLAIM_CATEGORIES,
            started_on__lte=on,
        ).values_list("category", flat=True)
    )
    return tuple(str(code) for code in CLAIM_CATEGORIES if code in held)


def poor_groups_on(person: Person, on: date) -> tuple[str, ...]:
    """Return the person's poor-group categories in force on ``on``, in the catalogue's order."""
    return poor_groups(categories_on(person, on))


def is_child_on(person: Person, on: date) -> bool:
    """Return whether the person is under 18 on ``on`` (unknown birth date: not a child)."""
    born = person.birth_date
    if born is None:
        return False
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age < catalogue.CHILD_AGE


def _person_claim(person: Person, claim: ClaimInput) -> ClaimInput:
    """Return ``claim`` with the person's own categories and age, not what was typed."""
    return replace(
        claim,
        categories=categories_on(person, claim.discharged),
        child=is_child_on(person, claim.admitted),
    )


def year_so_far(person: Person, year: int) -> YearSoFar:
    """Return what the person's recorded claims discharged in ``year`` paid (one query)."""
    sums = MedicalClaim.objects.filter(
        person=person,
        status=ClaimStatus.RECORDED,
        discharged__gte=date(year, 1, 1),
        discharged__lte=date(year, 12, 31),
    ).aggregate(
        assistance=Sum("medical_assistance"),
        second=Sum("second_assistance"),
        lump_sum=Sum("lump_sum"),
        temporary=Sum("temporary"),
    )
    return YearSoFar(**{key: value or ZERO for key, value in sums.items()})


def claim_preview(*, person: Person | None, data: Mapping[str, object]) -> ClaimResult:
    """Compute a claim without saving it (the calculator page).

    With a person: their poor groups and their unit's standards on the discharge date, and
    what their recorded claims paid this year; ``data["categories"]`` is ignored. Without:
    the categories given, the national standards, and the year so far from
    ``year_assistance_so_far`` … ``year_temporary_so_far`` in ``data``.
    """
    claim = claim_input_clean(data)
    if person is None:
        return compute(claim, default_rates(MEDICAL_CODES), year_so_far_clean(data))
    claim = _person_claim(person, claim)
    return compute(
        claim,
        rates_for(person.org_unit, claim.discharged, MEDICAL_CODES),
        year_so_far(person, claim.discharged.year),
    )


# --- Writes --------------------------------------------------------------------------------


def _require_can_record(acting_user: User, person: Person) -> None:
    if not can_record_claims(acting_user, person):
        raise PermissionRefused(
            _("Only the leaders and workers of %(unit)s record and cancel its claims.")
            % {"unit": person.org_unit.name}
        )


def _hospital_clean(value: object) -> str:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text:
        raise ValidationFailed(_("Enter the hospital."), field="hospital")
    if len(text) > HOSPITAL_LENGTH:
        raise ValidationFailed(
            _("The hospital's name is at most %(count)s characters.") % {"count": HOSPITAL_LENGTH},
            field="hospital",
        )
    return text


@transaction.atomic
def claim_record(*, acting_user: User, person: Person, data: Mapping[str, object]) -> MedicalClaim:
    """Record a hospital stay of a poor-group person with the amounts it pays.

    ``data`` holds the fields of ``medical.claim_input_clean`` and ``hospital``. Refused
    when the person was in no poor group on the discharge date (unless the stay is the
    rehabilitation of an orphaned or disabled child, 篇八 (一) 5), when the file is
    archived, and when the same stay (hospital, admission and discharge) is on file.
    """
    _require_can_record(acting_user, person)
    require_open_file(person)
    hospital = _hospital_clean(data.get("hospital"))
    disease = disease_clean(data.get("disease"))
    claim = claim_input_clean(data)
    # Lock the person: a second claim of the same person waits here until this one is
    # committed, then reads a year so far that includes it.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    claim = _person_claim(person, claim)
    if not poor_groups(claim.categories) and not (
        claim.rehabilitation and child_rehabilitation_groups(claim)
    ):
        raise ValidationFailed(
            _(
                "%(name)s was in no poor group (extremely poor, three-no, minimum living "
                "guarantee, orphan) on %(day)s; medical assistance is for the poor groups only."
            )
            % {"name": person.name, "day": date_format(claim.discharged)},
            field="discharged",
        )
    if MedicalClaim.objects.filter(
        person=person,
        status=ClaimStatus.RECORDED,
        hospital=hospital,
        admitted=claim.admitted,
        discharged=claim.discharged,
    ).exists():
        raise ValidationFailed(
            _("This stay is already recorded; cancel that claim first to record it again."),
            field="discharged",
        )
    result = compute(
        claim,
        rates_for(person.org_unit, claim.discharged, MEDICAL_CODES),
        year_so_far(person, claim.discharged.year),
    )
    return MedicalClaim.objects.create(
        person=person,
        hospital=hospital,
        admitted=claim.admitted,
        discharged=claim.discharged,
        disease=disease,
        leukemia=claim.leukemia,
        surgery=claim.surgery,
        second_round=claim.second_round,
        rehabilitation=claim.rehabilitation,
        total_cost=claim.total_cost,
        insurance_paid=claim.insurance_paid,
        ineligible_cost=claim.ineligible_cost,
        temporary_request=claim.temporary_request,
        eligible_out_of_pocket=result.eligible_out_of_pocket,
        rehabilitation_relief=result.rehabilitation_relief,
        medical_assistance=result.medical_assistance,
        second_assistance=result.second_assistance,
        hospital_allowance=result.hospital_allowance,
        lump_sum=result.lump_sum,
        temporary=result.temporary,
        total=result.total,
        explanation=list(result.explanation),
        created_by=acting_user,
    )


@transaction.atomic
def claim_cancel(*, acting_user: User, claim: MedicalClaim, reason: str) -> MedicalClaim:
    """Cancel a recorded claim with a reason; it stays on file and no longer counts."""
    _require_can_record(acting_user, claim.person)
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationFailed(_("Say why the claim is cancelled."), field="reason")
    if len(text) > REASON_LENGTH:
        raise ValidationFailed(
            _("The reason is at most %(count)s characters.") % {"count": REASON_LENGTH},
            field="reason",
        )
    # Lock the row and save it (not a bare UPDATE) so that of two cancellations at the
    # same moment only one takes effect, and django-auditlog records the change.
    locked = MedicalClaim.objects.select_for_update().get(pk=claim.pk)
    if locked.status != ClaimStatus.RECORDED:
        raise ValidationFailed(_("This claim is already cancelled."))
    locked.status = ClaimStatus.CANCELLED
    locked.cancel_reason = text
    locked.save(update_fields=["status", "cancel_reason"])
    claim.status, claim.cancel_reason = locked.status, locked.cancel_reason
    return claim
