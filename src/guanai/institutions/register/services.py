"""Writes of an institution's profile: entered once, then edited at the version opened.

Bad input is refused with a message and nothing is saved; every save is audited by
django-auditlog (the app registers its models).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits
from guanai.institutions.models import (
    HOMES,
    Facility,
    Institution,
    InstitutionCategory,
    InstitutionType,
    Operator,
    Premises,
)
from guanai.institutions.register.access import require_edit
from guanai.orgs.models import OrgKind, OrgUnit

# A lease longer than a century is a typing slip, not a lease.
LEASE_MAX = 99
CAPACITY_MAX = 100_000


@dataclass
class ProfileData:
    type: str
    operator: str
    premises: str
    lease_years: int | None = None
    registration: str = ""
    funding_source: str = ""
    sunshine_home: bool = False
    capacity: int = 0
    facilities: Sequence[str] = field(default_factory=list)
    barrier_free: bool = False
    fire_certificate: bool = False
    medical_department: bool = False
    # A care institution (the default), an elder home or a welfare home.
    category: str = InstitutionCategory.CARE


def _choice(value: str, choices: type, field_name: str, message: str) -> str:
    if value not in choices.values:  # type: ignore[attr-defined]
        raise ValidationFailed(message, field=field_name)
    return value


def _clean(data: ProfileData) -> ProfileData:
    """Return ``data`` checked and tidied; refuse what cannot be stored as it was written."""
    _choice(data.category, InstitutionCategory, "category", _("Choose the category."))
    kind = data.type
    if not kind and data.category in HOMES:
        # Five-guarantee and three-no persons live there: residential unless told otherwise.
        kind = InstitutionType.RESIDENTIAL
    _choice(kind, InstitutionType, "type", _("Choose the type of institution."))
    _choice(data.operator, Operator, "operator", _("Choose who runs the institution."))
    _choice(data.premises, Premises, "premises", _("Choose own or leased premises."))
    lease_years = data.lease_years
    if data.premises == Premises.LEASED:
        if lease_years is None:
            raise ValidationFailed(_("Enter the lease's length in years."), field="lease_years")
        if not 0 < lease_years <= LEASE_MAX:
            raise ValidationFailed(
                _("A lease runs 1 to %(max)s years.") % {"max": LEASE_MAX}, field="lease_years"
            )
    else:
        lease_years = None
    if not 0 <= data.capacity <= CAPACITY_MAX:
        raise ValidationFailed(
            _("Enter 0 to %(max)s beds or places.") % {"max": CAPACITY_MAX}, field="capacity"
        )
    unknown = [f for f in data.facilities if f not in Facility.values]
    if unknown:
        raise ValidationFailed(
            _("Unknown facility: %(codes)s.") % {"codes": "、".join(unknown)}, field="facilities"
        )
    registration = " ".join(data.registration.split())
    fits(registration, Institution, "registration")
    funding = " ".join(data.funding_source.split())
    fits(funding, Institution, "funding_source")
    return ProfileData(
        category=data.category,
        type=kind,
        operator=data.operator,
        premises=data.premises,
        lease_years=lease_years,
        registration=registration,
        funding_source=funding,
        sunshine_home=data.sunshine_home,
        capacity=data.capacity,
        # In the plan's order, each once.
        facilities=[f for f in Facility.values if f in set(data.facilities)],
        barrier_free=data.barrier_free,
        fire_certificate=data.fire_certificate,
        medical_department=data.medical_department,
    )


def _apply(institution: Institution, data: ProfileData) -> None:
    for name in ProfileData.__dataclass_fields__:
        setattr(institution, name, getattr(data, name))


@transaction.atomic
def institution_profile_save(
    *, acting_user: Actor, unit: OrgUnit, data: ProfileData, version: int | None = None
) -> Institution:
    """Enter the profile of ``unit`` (a care institution), or save it edited at ``version``.

    A profile already entered is changed only with the version its form was opened at, so
    that a second clerk's save does not silently undo the first's.
    """
    require_edit(acting_user, unit)
    if unit.kind != OrgKind.INSTITUTION:
        raise ValidationFailed(_("Only a unit of kind care institution has this profile."))
    data = _clean(data)
    current = Institution.objects.select_for_update().filter(org_unit=unit).first()
    if current is None:
        institution = Institution(org_unit=unit)
        _apply(institution, data)
        institution.save()
        return institution
    refuse_stale(
        current,
        version if version is not None else -1,
        message=_(
            "Someone changed this institution after you opened it (%(fields)s). Reload it and "
            "make your change again."
        ),
        fields=[*ProfileData.__dataclass_fields__],
    )
    _apply(current, data)
    bump(current)
    current.save()
    return current
