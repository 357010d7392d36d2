"""Care's notification kind: the talks and visits due this week, and those overdue.

It reaches the people the work list is theirs: anyone paired with persons now (a helper,
a class teacher with their pupils, a worker paired with a child), through the work list's
own evaluation (``care.worklist.worklist``), as the "today" page counts it.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.care import worklist
from guanai.care.models import Pairing
from guanai.care.periods import Status
from guanai.notify import kinds
from guanai.notify import selectors as notify_selectors
from guanai.notify.models import Notification
from guanai.registry.notifications import already_notified, iso_week


def _say(notification: Notification) -> str:
    params = notification.params
    return _("Talks and visits this week: %(due)s due, %(overdue)s overdue.") % {
        "due": params.get("due", 0),
        "overdue": params.get("overdue", 0),
    }


def _collect(now: datetime) -> list[kinds.Event]:
    """One notification a week per person (key "2026-W49"), with the counts due and
    overdue when it is first found: the digest of the week's start. A second one in the
    week for overdue work is left out on purpose: a rule falls overdue only at its period's
    end, and the work list and the "today" page show it the same day.

    Cost: 4 queries to choose the people (paired now, notified this week already, their
    choices), then the work list's own fixed number per person still to notify (about ten:
    persons, categories, rules, tallies, risk levels, quotas) — so each person costs that
    once a week, and nothing on the later runs of the week.
    """
    today = timezone.localdate(now)
    week = iso_week(today)
    paired = set(
        Pairing.objects.filter(ended_on__isnull=True)
        .order_by()
        .values_list("helper_id", flat=True)
        .distinct()
    )
    done = {user_id for user_id, _key in already_notified(CARE_DUE.code, [week])}
    wanted = notify_selectors.recipients_enabled(CARE_DUE, paired - done)
    link = reverse("care:worklist")
    events = []
    for user in User.objects.filter(pk__in=wanted, is_active=True).order_by("pk"):
        if not scoping.can_see_beneficiary_data(user):
            continue
        counts = worklist.worklist(user, today=today, page_size=worklist.URGENCY_SORT_LIMIT).counts
        due, overdue = counts[str(Status.DUE)], counts[str(Status.OVERDUE)]
        if due + overdue:
            events.append(
                kinds.Event(
                    user_id=user.pk,
                    key=week,
                    link=link,
                    count=due + overdue,
                    params={"due": due, "overdue": overdue},
                )
            )
    return events


CARE_DUE = kinds.Kind(
    code="care_due",
    label=gettext_lazy("Talks and visits due this week and overdue"),
    group="care",
    # Anyone who keeps care records; only those paired with persons now have events.
    roles=frozenset(scoping.CARE_ROLES),
    say=_say,
    collect=_collect,
)


def register() -> None:
    kinds.register(CARE_DUE)
