"""Consent to the processing of a child's data (PIPL: a guardian's, under 14)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.errors import ValidationFailed
from guanai.registry.models import (
    CONSENT_AGE,
    Consent,
    Person,
)
from guanai.registry.services.access import require_roster_editor


@transaction.atomic
def consent_record(
    *,
    acting_user: User | None,
    person: Person,
    given_by: str,
    relation: str,
    given_on: date,
    scope: str,
    purpose: str,
) -> Consent:
    """Record a guardian's consent for a child's file (PIPL art. 31)."""
    require_roster_editor(acting_user, person.org_unit)
    given_by = "".join(given_by.split())
    if not given_by or not relation.strip():
        raise ValidationFailed(_("Enter who consented and their relation to the child."))
    if given_on > timezone.localdate():
        raise ValidationFailed(_("The date of consent is in the future."), field="given_on")
    if not scope.strip() or not purpose.strip():
        raise ValidationFailed(_("Enter the scope and the purpose of the consent."))
    return Consent.objects.create(
        person=person,
        given_by=given_by,
        relation=relation.strip(),
        given_on=given_on,
        scope=scope.strip(),
        purpose=purpose.strip(),
        recorded_by=acting_user,
    )


def consent_missing(person: Person, *, today: date | None = None) -> bool:
    """Return whether a child under 14 has no guardian's consent on file."""
    if person.birth_date is None:
        return False
    today = today or timezone.localdate()
    born = person.birth_date
    # A child born on 29 February turns 14 on 1 March in a common year.
    try:
        fourteenth = born.replace(year=born.year + CONSENT_AGE)
    except ValueError:
        fourteenth = date(born.year + CONSENT_AGE, 3, 1)
    return today < fourteenth and not person.consents.exists()
