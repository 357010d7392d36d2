"""What the care app adds to the registry's person pages (DESIGN §4: registered on load).

The case file gets a "帮扶" tab: who is paired with the person, their assistance plans,
the latest care records, and the ways to the care log, the pairings, the progress archive
(进步档案), a new plan and a progress entry (篇一, 篇二: 一人一案, 跟踪记录). Beside a
problem a survey found, it offers "制定帮扶计划": the plan form with the problem as its
goals. A contact card names the class teacher and the other helpers paired with the child
(篇九 联系卡).
``CareConfig.ready`` calls ``register``; the registry never imports this app.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.care import log as care_log
from guanai.care import pairing, plans
from guanai.care.models import HelperRole, Pairing
from guanai.care.permissions import can_care_for, can_edit_roster_of
from guanai.registry import extensions
from guanai.registry.extensions import CardPerson
from guanai.registry.models import Person

# The care records the tab lists; the care log page has them all.
RECENT_RECORDS = 5


def _shows(user: AnyUser, person: Person) -> bool:
    # Whoever opens the file reads the person's care (the care pages use the same scope).
    return scoping.can_see_beneficiary_data(user)


def panel_context(user: AnyUser, person: Person) -> dict[str, Any]:
    """Return what the care tab shows of ``person`` to ``user`` (who may read the file)."""
    current, _ended = pairing.person_pairings(person)
    records = care_log.records_of_person(user, person)
    recent = list(records[:RECENT_RECORDS])
    # The tab lists the latest few and says how many more the care log has.
    more = records.count() - len(recent)
    return {
        "care_pairings": current,
        "care_plans": list(plans.plans_of(person)),
        "care_records": recent,
        "care_records_more": more,
        "care_can_care": can_care_for(user, person) and not person.is_archived,
        "care_can_pair": can_edit_roster_of(user, person.org_unit) and not person.is_archived,
    }


def card_people(persons: Sequence[Person]) -> dict[int, list[CardPerson]]:
    """Return the class teacher and helpers paired now with each of ``persons`` (one query).

    Study buddies are pupils themselves: a card for reaching the school and the family
    does not name them.
    """
    found: dict[int, list[CardPerson]] = {}
    open_pairings = (
        Pairing.objects.filter(person__in=[p.pk for p in persons], ended_on__isnull=True)
        .exclude(role=HelperRole.STUDY_BUDDY)
        .select_related("helper")
        .order_by("person_id", "started_on", "pk")
    )
    for entry in open_pairings:
        if entry.helper is None:
            continue
        found.setdefault(entry.person_id, []).append(
            CardPerson(
                role=entry.get_role_display(),
                name=entry.helper.get_full_name(),
                class_teacher=entry.role == HelperRole.CLASS_TEACHER,
            )
        )
    return found


def plan_url(person: Person, hint: str, domain: str) -> str:
    """Return care's plan form for ``person`` with the domain and goals prefilled."""
    asked: dict[str, str | int] = {"person": person.pk, "goals": hint}
    if domain:
        asked["domain"] = domain
    return f"{reverse('care:plan_new')}?{urlencode(asked)}"


def _may_plan(user: AnyUser, person: Person) -> bool:
    return not person.is_archived and can_care_for(user, person)


def register() -> None:
    extensions.file_panel_register(
        extensions.FilePanel(
            code="care",
            label=_("Care and assistance"),
            template="care/includes/person_panel.html",
            shows=_shows,
            context=panel_context,
        )
    )
    extensions.card_people_register(card_people)
    extensions.person_action_register(
        extensions.PersonAction(
            code="care_plan", label=_("Make an assistance plan"), shows=_may_plan, url=plan_url
        )
    )
