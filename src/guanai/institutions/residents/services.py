"""Writes of an institution's residents: an application decided and saved, a leaving.

``resident_apply`` refuses bad input with a message and saves nothing (a day in the future,
a start before the application, a mode the institution does not offer, a person already
living in an institution, a person not on the acting user's rosters); good input is decided
by the eligibility check (``institutions.eligibility``) and saved either way — admitted from
``started_on``, or refused with the reason, so that the county sees who asked and why they
were turned away. Every save is audited by django-auditlog (the app registers its models).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits
from guanai.institutions import eligibility
from guanai.institutions.models import (
    Decision,
    Institution,
    InstitutionCategory,
    InstitutionType,
    ResidenceMode,
    Resident,
)
from guanai.institutions.register.access import require_edit
from guanai.institutions.standard import age_on
from guanai.institutions.standards.selectors import in_force, national_standard
from guanai.registry.models import Person, PersonCategory
from guanai.registry.selectors import persons_on_roster

# The mode of service each kind of institution offers.
MODE_OF_TYPE = {
    InstitutionType.RESIDENTIAL: ResidenceMode.RESIDENTIAL,
    InstitutionType.DAY_CARE: ResidenceMode.DAY_CARE,
    InstitutionType.HOME_CARE: ResidenceMode.HOME_BASED,
}


def mode_offered(institution: Institution) -> str:
    """Return the one mode of service the institution offers (elder and welfare homes:
    residential; a care institution: its type's)."""
    if institution.category != InstitutionCategory.CARE:
        return ResidenceMode.RESIDENTIAL
    return MODE_OF_TYPE[InstitutionType(institution.type)]


def _code(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def categories_on(person: Person, day: date) -> list[PersonCategory]:
    """Return the person's categories in force on ``day``."""
    return list(
        PersonCategory.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day), person=person, started_on__lte=day
        )
    )


def eligibility_params(institution: Institution, day: date) -> dict[str, object]:
    """Return the eligibility parameters of the standard the institution follows on ``day``
    (its own choice, the nearest local one in force, or the national one; empty: the
    engine's defaults)."""
    standard = in_force([institution], national_standard(), day)[institution.pk]
    return dict(standard.eligibility or {})


def facts_check(
    institution: Institution, person: Person, categories: Iterable[PersonCategory], day: date
) -> eligibility.Eligibility:
    """Return the eligibility of ``person`` for ``institution`` on ``day``, with these
    categories in force."""
    held = list(categories)
    params: dict[str, object] = {}
    if institution.category == InstitutionCategory.CARE:
        params = eligibility_params(institution, day)
    return eligibility.check(
        category=institution.category,
        age=None if person.birth_date is None else age_on(person.birth_date, day),
        disabilities=[
            eligibility.Disability(_code(c.details.get("type")), _code(c.details.get("grade")))
            for c in held
            if c.category == eligibility.DISABLED
        ],
        categories={c.category for c in held},
        params=params,
    )


def _open_stay(person: Person, start: date) -> Resident | None:
    """Return an admitted stay of the person that runs past ``start`` (a stay may start on
    the day the last one ended: a move from one institution to another)."""
    return (
        Resident.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=start),
            person=person,
            decision=Decision.ADMITTED,
        )
        .select_related("institution__org_unit", "person")
        .first()
    )


def _refuse_open_stay(stay: Resident) -> None:
    raise ValidationFailed(
        _(
            "%(name)s already lives at %(institution)s (since %(since)s); record the leaving "
            "there first."
        )
        % {
            "name": stay.person.name,
            "institution": stay.institution.org_unit.name,
            "since": f"{stay.started_on:%Y-%m-%d}",
        },
        field="person",
    )


def _check_days(applied_on: date, started_on: date, today: date) -> None:
    check_plausible_day(applied_on, field="applied_on", today=today)
    check_plausible_day(started_on, field="started_on", today=today)
    if started_on < applied_on:
        raise ValidationFailed(
            _("The stay cannot start before the application."), field="started_on"
        )


@transaction.atomic
def resident_apply(
    *,
    acting_user: Actor,
    institution: Institution,
    person: Person,
    mode: str,
    applied_on: date,
    started_on: date | None = None,
    today: date | None = None,
) -> Resident:
    """Decide and save the application of ``person`` to ``institution``.

    ``started_on`` (default: the application day) is when an admitted person's stay starts.
    The person must be on the acting user's rosters: a township or county clerk applies
    for the persons of the township or county.
    """
    require_edit(acting_user, institution.org_unit)
    today = today or timezone.localdate()
    start = started_on or applied_on
    _check_days(applied_on, start, today)
    if mode not in ResidenceMode.values:
        raise ValidationFailed(_("Choose the mode of service."), field="mode")
    offered = mode_offered(institution)
    if mode != offered:
        raise ValidationFailed(
            _("%(institution)s offers %(offered)s only, not %(mode)s.")
            % {
                "institution": institution.org_unit.name,
                "offered": ResidenceMode(offered).label,
                "mode": ResidenceMode(mode).label,
            },
            field="mode",
        )
    # The system (a command, the demo) applies for anyone; a clerk for their rosters.
    account = account_of(acting_user)
    if account is not None and not persons_on_roster(account).filter(pk=person.pk).exists():
        raise ValidationFailed(_("Choose a person on your rosters."), field="person")
    if person.archived_at is not None:
        raise ValidationFailed(
            _("%(name)s is archived; restore the file first.") % {"name": person.name},
            field="person",
        )
    stay = _open_stay(person, start)
    if stay is not None:
        _refuse_open_stay(stay)
    found = facts_check(institution, person, categories_on(person, applied_on), applied_on)
    resident = Resident(
        institution=institution,
        person=person,
        mode=mode,
        applied_on=applied_on,
        decision=Decision.ADMITTED if found.eligible else Decision.REFUSED,
        reason="" if found.eligible else found.reason,
        started_on=start if found.eligible else None,
        created_by=account_of(acting_user),
    )
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError:  # another clerk admitted the person at the same moment
        stay = _open_stay(person, start)
        if stay is None:
            raise
        _refuse_open_stay(stay)
    return resident


@transaction.atomic
def resident_leave(
    *,
    acting_user: Actor,
    resident: Resident,
    ended_on: date,
    reason: str,
    version: int,
    today: date | None = None,
) -> Resident:
    """Record that an admitted resident left on ``ended_on``, at the version opened."""
    require_edit(acting_user, resident.institution.org_unit)
    current = (
        Resident.objects.select_for_update()
        .select_related("institution__org_unit", "person")
        .get(pk=resident.pk)
    )
    refuse_stale(
        current,
        version,
        message=_(
            "Someone changed this resident after you opened it (%(fields)s). Reload it and "
            "make your change again."
        ),
        fields=["ended_on", "end_reason"],
    )
    if current.decision != Decision.ADMITTED or current.started_on is None:
        raise ValidationFailed(_("A refused application has no stay to end."))
    if current.ended_on is not None:
        raise ValidationFailed(
            _("The stay ended on %(day)s already.") % {"day": f"{current.ended_on:%Y-%m-%d}"},
            field="ended_on",
        )
    check_plausible_day(ended_on, field="ended_on", today=today or timezone.localdate())
    if ended_on < current.started_on:
        raise ValidationFailed(
            _("The stay started on %(day)s; it cannot end before.")
            % {"day": f"{current.started_on:%Y-%m-%d}"},
            field="ended_on",
        )
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationFailed(_("Enter why the resident left."), field="reason")
    fits(reason, Resident, "end_reason", field="reason")
    current.ended_on = ended_on
    current.end_reason = reason
    bump(current)
    current.save()
    return current
