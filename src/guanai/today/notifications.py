"""The notification kinds best counted as the "today" page counts its tasks: new early
warnings and risk levels for a leader to confirm (``today.selectors``, built on care's
scoped selectors), and the birthdays of the coming week of the children paired with a
helper or class teacher (care's pairings and the activities' birthdays: only "today", above
both, may join them).

Each is computed per person with a fixed number of queries, and only for the people who
do not have this period's notification yet (the day's, the week's): the later runs of the
day or week cost four queries whatever the number of people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext, pgettext

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.activities import birthdays
from guanai.care.models import Pairing, WarningStatus
from guanai.care.scoping_filters import paired_now_q
from guanai.notify import kinds
from guanai.notify import selectors as notify_selectors
from guanai.notify.models import Notification
from guanai.registry.models import Person
from guanai.registry.notifications import already_notified, iso_week
from guanai.today import selectors

# A birthday is notified a week ahead, as the "today" page shows it (a card, a party).
AHEAD = timedelta(days=7)
# The names a birthday notification gives at most (the count says how many in all).
NAMES_SHOWN = 5


def _people(kind: kinds.Kind, candidates: set[int], key: str) -> QuerySet[User]:
    """Of ``candidates``, the active people the kind reaches who lack its ``key`` yet
    (3 queries, and one more to read them)."""
    done = {user_id for user_id, _key in already_notified(kind.code, [key])}
    wanted = notify_selectors.recipients_enabled(kind, candidates - done)
    return User.objects.filter(pk__in=wanted, is_active=True).order_by("pk")


def _leaders() -> set[int]:
    return set(
        scoping.memberships_in_force()
        .filter(role=Role.LEADER)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )


def _paired() -> set[int]:
    return set(
        Pairing.objects.filter(ended_on__isnull=True)
        .order_by()
        .values_list("helper_id", flat=True)
        .distinct()
    )


def _daily(
    kind: kinds.Kind, now: datetime, count: Callable[[User, datetime], int], link: str
) -> list[kinds.Event]:
    """A leader's count of the day's new items, one notification a Shanghai day (key
    "2026-12-03"): the nightly detection raises the day's warnings before the first run."""
    day = timezone.localdate(now).isoformat()
    events = []
    for user in _people(kind, _leaders(), day):
        found = count(user, now)
        if found:
            events.append(kinds.Event(user_id=user.pk, key=day, link=link, count=found))
    return events


def _collect_warnings(now: datetime) -> list[kinds.Event]:
    link = f"{reverse('care:warning_list')}?status={WarningStatus.OPEN}"
    return _daily(WARNINGS_NEW, now, _new_warnings, link)


def _collect_risk(now: datetime) -> list[kinds.Event]:
    # Each risk level is decided on its person's care page; the "today" page lists them all.
    return _daily(RISK_TO_CONFIRM, now, _new_risk_levels, reverse("home"))


def _new_warnings(user: User, now: datetime) -> int:
    """The open warnings of the units the user leads raised today (2 queries: the user's
    memberships, the count)."""
    return selectors.warnings_to_decide(user).filter(raised_on=timezone.localdate(now)).count()


def _new_risk_levels(user: User, now: datetime) -> int:
    """The risk levels proposed today for persons of the units the user leads, undecided
    (2 queries)."""
    start = datetime.combine(
        timezone.localdate(now), dt.time(), tzinfo=timezone.get_current_timezone()
    )
    found = selectors.risk_levels_to_decide(user)
    return found.filter(set_at__gte=start, set_at__lte=now).count()


def _say_warnings(notification: Notification) -> str:
    count = notification.count or 0
    return ngettext(
        "%(count)s new early warning to confirm.",
        "%(count)s new early warnings to confirm.",
        count,
    ) % {"count": count}


def _say_risk(notification: Notification) -> str:
    count = notification.count or 0
    return ngettext(
        "%(count)s new risk level to confirm.",
        "%(count)s new risk levels to confirm.",
        count,
    ) % {"count": count}


def _say_birthdays(notification: Notification) -> str:
    count = notification.count or len(notification.names)
    names = pgettext("list separator", ", ").join(notification.names)
    if count > len(notification.names):
        return ngettext(
            "%(count)s birthday in the coming week: %(names)s and others.",
            "%(count)s birthdays in the coming week: %(names)s and others.",
            count,
        ) % {"count": count, "names": names}
    return ngettext(
        "%(count)s birthday in the coming week: %(names)s.",
        "%(count)s birthdays in the coming week: %(names)s.",
        count,
    ) % {"count": count, "names": names}


def _collect_birthdays(now: datetime) -> list[kinds.Event]:
    """The birthdays, today and in the coming week, of the persons paired with each person
    now, not yet celebrated (as the "today" page lists them); one notification a week (key
    "2026-W49"). A week's window reaches the next week's start, so no birthday falls
    between two notifications. Cost: 5 queries to choose the people, then the birthdays'
    own few per person (the persons of the two months, their celebrations)."""
    today = timezone.localdate(now)
    week = iso_week(today)
    events = []
    for user in _people(BIRTHDAYS, _paired(), week):
        paired = Person.objects.filter(paired_now_q(user, "pk"), archived_at__isnull=True)
        coming = [
            b
            for b in birthdays.birthdays_between(paired, today, today + AHEAD)
            if b.celebration is None
        ]
        if not coming:
            continue
        coming.sort(key=lambda b: (b.on, b.person.name))
        query = urlencode({"month": f"{coming[0].on:%Y-%m}"})
        events.append(
            kinds.Event(
                user_id=user.pk,
                key=week,
                link=f"{reverse('activities:birthdays')}?{query}",
                count=len(coming),
                names=[b.person.name for b in coming[:NAMES_SHOWN]],
            )
        )
    return events


LEADERS = frozenset({Role.LEADER})

WARNINGS_NEW = kinds.Kind(
    code="warnings_new",
    label=gettext_lazy("New early warnings to confirm"),
    group="care",
    roles=LEADERS,
    say=_say_warnings,
    collect=_collect_warnings,
)
RISK_TO_CONFIRM = kinds.Kind(
    code="risk_to_confirm",
    label=gettext_lazy("New risk levels to confirm"),
    group="care",
    roles=LEADERS,
    say=_say_risk,
    collect=_collect_risk,
)
BIRTHDAYS = kinds.Kind(
    code="birthdays",
    label=gettext_lazy("Birthdays of my children in the coming week"),
    group="events",
    roles=frozenset(scoping.CARE_ROLES),
    say=_say_birthdays,
    collect=_collect_birthdays,
)

KINDS = (WARNINGS_NEW, RISK_TO_CONFIRM, BIRTHDAYS)


def register() -> None:
    for kind in KINDS:
        kinds.register(kind)
