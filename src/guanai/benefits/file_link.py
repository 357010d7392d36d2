"""The link from a person's case file (registry) to their benefits page.

The registry never names the benefits app (DESIGN §4): ``BenefitsConfig.ready`` calls
``register``, and the file page shows the links registered in ``registry.extensions``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.registry import extensions
from guanai.registry.models import Person


def reads_benefits(user: AnyUser, person: Person) -> bool:
    """Return whether the user may open the person's benefits page.

    The roster roles of a unit containing the person's unit read benefits; a pairing
    does not open them (no query: the memberships are cached on the user).
    """
    return scoping.holds_role_over(user, person.org_unit, scoping.ROSTER_ROLES)


def benefits_url(person: Person) -> str:
    return reverse("benefits:person", args=[person.pk])


def register() -> None:
    extensions.file_link_register(
        extensions.FileLink(
            code="benefits", label=_("Benefits"), shows=reads_benefits, url=benefits_url
        )
    )
