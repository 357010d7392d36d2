"""What the giving sub-domain offers about a person (registered on load, DESIGN §4).

Beside a problem a survey found, "登记需求": the need form for the person, with the problem
as the item. ``CommunityConfig.ready`` calls ``register``; the registry never imports this.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import AnyUser
from guanai.community.giving.access import can_post_need
from guanai.registry import extensions
from guanai.registry.models import Person


def need_url(person: Person, hint: str, domain: str) -> str:
    """Return the need form for ``person`` with ``hint`` as the item (the domain is unused)."""
    asked: dict[str, str | int] = {"person": person.pk, "item": hint}
    return f"{reverse('community:need_new')}?{urlencode(asked)}"


def _may_post(user: AnyUser, person: Person) -> bool:
    return not person.is_archived and can_post_need(user, person.org_unit)  # type: ignore[arg-type]


def register() -> None:
    extensions.person_action_register(
        extensions.PersonAction(
            code="community_need", label=_("Register a need"), shows=_may_post, url=need_url
        )
    )
