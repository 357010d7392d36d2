"""Who sees which birthdays, and who may set a lunar birthday or record a celebration.

Birthdays are of the persons a user may read (``accounts.scoping``: the roster of their
subtrees, or the persons paired to a helper or volunteer). A lunar birthday is part of the
person's file: only the roster keepers (leaders and workers of a unit containing the
person's unit) set or clear it, as they edit the file. A celebration is recorded by the
roster keepers and by the helpers the person is paired with — the class teacher who gives
the card. To anyone else who may read the person, the pages that change these are a 404.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import Actor, AnyUser
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.registry.models import Person
from guanai.registry.selectors import access_person


def can_open_birthdays(user: AnyUser) -> bool:
    """The roles that read persons (roster roles, helpers, volunteers) open the birthdays."""
    return user.is_authenticated and scoping.has_role(user, *scoping.PERSON_READERS)


def can_set_lunar_birthday(user: Actor, person: Person) -> bool:
    """Leaders and workers of a unit containing the person's unit keep the person's file."""
    return scoping.acts_over(user, person.org_unit, scoping.ROSTER_EDITORS)


def can_celebrate(user: Actor, person: Person) -> bool:
    """Roster keepers, and the helpers and volunteers paired with the person, record it."""
    if can_set_lunar_birthday(user, person):
        return True
    # The system passed ``acts_over`` above (and no actor was refused there): an account.
    if not isinstance(user, User):  # pragma: no cover
        return False
    return Person.objects.filter(scoping.paired_persons_q(user), pk=person.pk).exists()


def require_lunar_birthday_editor(user: Actor, person: Person) -> None:
    if not can_set_lunar_birthday(user, person):
        raise PermissionRefused(
            _("Only a leader or worker of this person's unit may set the lunar birthday.")
        )


def require_celebrator(user: Actor, person: Person) -> None:
    if not can_celebrate(user, person):
        raise PermissionRefused(
            _(
                "Only a leader or worker of this person's unit, or a helper paired with "
                "the person, may record the birthday's celebration."
            )
        )


def refuse_archived(person: Person) -> None:
    if person.archived_at is not None:
        raise ValidationFailed(_("This person's file is archived; it is not changed."))


def access_person_for_lunar_birthday(user: User, pk: int) -> Person:
    """Return a person whose lunar birthday the user may set, else raise Http404."""
    person = access_person(user, pk)
    if not can_set_lunar_birthday(user, person):
        raise Http404
    return person


def access_person_to_celebrate(user: User, pk: int) -> Person:
    """Return a person whose birthday the user may mark celebrated, else raise Http404."""
    person = access_person(user, pk)
    if not can_celebrate(user, person):
        raise Http404
    return person


def persons_to_celebrate(user: User, persons: list[Person]) -> set[int]:
    """Return the ids of ``persons`` whose celebration the user may record (one query at most)."""
    allowed = {p.pk for p in persons if can_set_lunar_birthday(user, p)}
    others = [p.pk for p in persons if p.pk not in allowed]
    if others:
        allowed |= set(
            Person.objects.filter(scoping.paired_persons_q(user), pk__in=others).values_list(
                "pk", flat=True
            )
        )
    return allowed
