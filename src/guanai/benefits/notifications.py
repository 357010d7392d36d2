"""The benefits' notification kind: a payment roll submitted, waiting for approval."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts.models import Role
from guanai.accounts.scoping import nearest_staff
from guanai.benefits.models import PaymentRoll, RollStatus
from guanai.notify import kinds
from guanai.notify.models import Notification
from guanai.registry.notifications import month_param, month_words


def _say(notification: Notification) -> str:
    params = notification.params
    return _("The payment roll of %(unit)s for %(month)s is waiting for your approval.") % {
        "unit": params.get("unit", ""),
        "month": month_words(params.get("month", "")),
    }


def _collect(now: datetime) -> list[kinds.Event]:
    """Every roll waiting, to the leaders of its unit (or of the nearest unit above that has
    one): only a leader over the unit approves it (``rolls.can_approve_rolls``). Two
    queries, whatever the number of rolls; one event per submission (a roll returned and
    submitted again is notified again)."""
    waiting = list(
        PaymentRoll.objects.filter(status=RollStatus.SUBMITTED).select_related("org_unit")
    )
    leaders = nearest_staff({r.org_unit for r in waiting}, {Role.LEADER})
    events = []
    for roll in waiting:
        submitted = f"{roll.submitted_at:%Y%m%dT%H%M%S}" if roll.submitted_at else ""
        for user_id in sorted(leaders.get(roll.org_unit_id, set())):
            if user_id == roll.submitted_by_id:
                continue
            events.append(
                kinds.Event(
                    user_id=user_id,
                    key=f"roll:{roll.pk}:{submitted}",
                    link=reverse("benefits:roll_detail", args=[roll.pk]),
                    count=1,
                    params={"unit": roll.org_unit.name, "month": month_param(roll.month)},
                    unit_id=roll.org_unit_id,
                )
            )
    return events


ROLL_TO_APPROVE = kinds.Kind(
    code="roll_to_approve",
    label=gettext_lazy("A payment roll waiting for my approval"),
    group="office",
    roles=frozenset({Role.LEADER}),
    say=_say,
    collect=_collect,
    every_minutes=30,
)


def register() -> None:
    kinds.register(ROLL_TO_APPROVE)
