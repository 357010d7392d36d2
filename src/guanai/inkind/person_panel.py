"""What assistance in kind adds to the registry's person pages (DESIGN §4: registered on load).

The case file gets a "专项帮扶" tab: for each service in use, whether the person qualifies
today and why (condition by condition), their requests for it, and a one-click request
where they qualify and nothing is open or delivered (篇八: 免费为自身需要的残疾人发放轮椅 …;
nobody who qualifies should be missed). Beside a problem a survey found, it offers
"申请帮扶服务": the request form for the person with the problem as its reason.
``InkindConfig.ready`` calls ``register``; the registry never imports this app.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.inkind import access
from guanai.inkind.applications.selectors import person_services
from guanai.inkind.models import ApplicationSource
from guanai.registry import extensions
from guanai.registry.models import Person


def _shows(user: AnyUser, person: Person) -> bool:
    # Whoever may open the file and the request pages (the roster roles, a paired helper)
    # gets the tab; no query, the memberships are cached on the user.
    return access.can_open(user)


def _may_request(user: AnyUser, person: Person) -> bool:
    return not person.is_archived and access.can_request(user, person)  # type: ignore[arg-type]


def panel_context(user: AnyUser, person: Person) -> dict[str, Any]:
    """Return what the tab shows of ``person`` to ``user`` (who may read the file)."""
    today = timezone.localdate()
    office = scoping.holds_role_over(user, person.org_unit, access.WORKERS)
    return {
        "inkind_entries": person_services(user, person, today),
        "inkind_can_request": _may_request(user, person),
        "inkind_source": ApplicationSource.OFFICE if office else ApplicationSource.HELPER,
        "inkind_today": today,
    }


def request_url(person: Person, hint: str, domain: str) -> str:
    """Return the request form for ``person``, from a survey, with ``hint`` as the reason."""
    asked: dict[str, str | int] = {
        "person": person.pk,
        "source": ApplicationSource.SURVEY,
        "reason": hint,
    }
    return f"{reverse('inkind:application_new')}?{urlencode(asked)}"


def register() -> None:
    extensions.file_panel_register(
        extensions.FilePanel(
            code="inkind",
            label=_("Assistance"),
            template="inkind/applications/person_panel.html",
            shows=_shows,
            context=panel_context,
        )
    )
    extensions.person_action_register(
        extensions.PersonAction(
            code="inkind_request",
            label=_("Request a service"),
            shows=_may_request,
            url=request_url,
        )
    )
