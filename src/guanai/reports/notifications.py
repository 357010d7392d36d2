"""The reports' notification kinds: a monthly report due within three days, returned,
accepted or late, and a bulletin published.

Every kind is computed for the whole county at once: the reporting units and their
reports of last month in a few queries, the people of each unit in one more
(``accounts.scoping.nearest_staff``). A collect costs the same few queries
whatever the number of units and people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.core.months import previous_month, this_month
from guanai.notify import kinds
from guanai.notify.models import Notification
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.notifications import (
    day_param,
    day_words,
    month_param,
    month_words,
)
from guanai.reports import holidays, monthly
from guanai.reports.models import Bulletin, BulletinStatus, MonthlyReport, ReportStatus

# A review or a publication older than this is not notified any more (a server down for
# longer than that has missed it): the collect reads only the recent ones.
RECENT = timedelta(days=14)

FILLERS = scoping.ROSTER_EDITORS  # who fills a unit's report (``monthly.can_fill``)


def _words(notification: Notification) -> dict[str, str]:
    params = notification.params
    return {
        "unit": str(params.get("unit", "")),
        "month": month_words(params.get("month", "")),
        "date": day_words(params.get("deadline", "")),
    }


def _say_due(notification: Notification) -> str:
    return _("The monthly report of %(unit)s for %(month)s is due on %(date)s.") % _words(
        notification
    )


def _say_late(notification: Notification) -> str:
    return _(
        "The monthly report of %(unit)s for %(month)s was due on %(date)s and is not submitted."
    ) % _words(notification)


def _say_returned(notification: Notification) -> str:
    return _("The monthly report of %(unit)s for %(month)s was returned for correction.") % (
        _words(notification)
    )


def _say_accepted(notification: Notification) -> str:
    return _("The monthly report of %(unit)s for %(month)s was accepted.") % _words(notification)


def _say_bulletin(notification: Notification) -> str:
    return _("The bulletin of %(unit)s for %(month)s is published.") % _words(notification)


def _unsubmitted(today: dt.date) -> tuple[dt.date, list[tuple[OrgUnit, dt.date]]]:
    """Last month and the reporting units that have not submitted its report, with their
    deadlines (as ``monthly.reminders_due`` counts them: first submitted is done). Four
    queries: the units, the reports submitted, the rules, the holidays."""
    month = previous_month(this_month(today))
    units = list(
        OrgUnit.objects.filter(
            kind__in=monthly.REPORTING_KINDS, is_active=True, parent__isnull=False
        ).order_by("path")
    )
    done = set(
        MonthlyReport.objects.filter(
            org_unit__in=units, month=month, first_submitted_at__isnull=False
        ).values_list("org_unit_id", flat=True)
    )
    waiting = [u for u in units if u.pk not in done]
    if not waiting:
        return month, []
    rules = monthly.deadline_days(waiting)
    calendar = holidays.holiday_calendar()
    return month, [(u, monthly.deadline_of(month, rules[u.pk], calendar)) for u in waiting]


def _unit_month_event(
    user_id: int, key: str, unit: OrgUnit, month: dt.date, deadline: dt.date
) -> kinds.Event:
    return kinds.Event(
        user_id=user_id,
        key=key,
        link=reverse("reports:month", args=[unit.pk, month_param(month)]),
        params={"unit": unit.name, "month": month_param(month), "deadline": day_param(deadline)},
        unit_id=unit.pk,
    )


def _collect_due(now: datetime) -> list[kinds.Event]:
    """Last month's reports not submitted, due within ``monthly.REMIND_DAYS`` days, to the
    leaders and workers who fill them (the unit's own, else the nearest above). Five
    queries; one event per unit and month."""
    today = timezone.localdate(now)
    month, rows = _unsubmitted(today)
    rows = [(u, d) for u, d in rows if 0 <= (d - today).days <= monthly.REMIND_DAYS]
    staff = scoping.nearest_staff([u for u, _d in rows], FILLERS)
    return [
        _unit_month_event(user_id, f"due:{unit.pk}:{month_param(month)}", unit, month, deadline)
        for unit, deadline in rows
        for user_id in sorted(staff.get(unit.pk, set()))
    ]


def _collect_late(now: datetime) -> list[kinds.Event]:
    """Last month's reports not submitted after their deadline, to those who fill them and
    to the leaders and workers of the unit above, who review them. Six queries; one event
    per unit and month."""
    today = timezone.localdate(now)
    month, rows = _unsubmitted(today)
    rows = [(u, d) for u, d in rows if today > d]
    fillers = scoping.nearest_staff([u for u, _d in rows], FILLERS)
    parents = {u.parent_id for u, _d in rows}
    above = scoping.nearest_staff(OrgUnit.objects.filter(pk__in=parents), FILLERS, up=False)
    return [
        _unit_month_event(user_id, f"late:{unit.pk}:{month_param(month)}", unit, month, deadline)
        for unit, deadline in rows
        for user_id in sorted(fillers.get(unit.pk, set()) | above.get(unit.parent_id or 0, set()))
    ]


def _reviewed(status: str, word: str) -> Callable[[datetime], list[kinds.Event]]:
    def collect(now: datetime) -> list[kinds.Event]:
        """The reports reviewed so lately, to those who fill them and to whoever submitted
        them, not to the reviewer. Two queries; one event per review."""
        reports = list(
            MonthlyReport.objects.filter(status=status, reviewed_at__gte=now - RECENT)
            .select_related("org_unit")
            .order_by("pk")
        )
        staff = scoping.nearest_staff({r.org_unit for r in reports}, FILLERS)
        events = []
        for report in reports:
            people = set(staff.get(report.org_unit_id, set()))
            if report.submitted_by_id:
                people.add(report.submitted_by_id)
            people.discard(report.reviewed_by_id or 0)
            stamp = f"{report.reviewed_at:%Y%m%dT%H%M%S}"
            events += [
                kinds.Event(
                    user_id=user_id,
                    key=f"report:{report.pk}:{word}:{stamp}",
                    link=reverse("reports:report", args=[report.pk]),
                    params={"unit": report.org_unit.name, "month": month_param(report.month)},
                    unit_id=report.org_unit_id,
                )
                for user_id in sorted(people)
            ]
        return events

    return collect


def _collect_bulletins(now: datetime) -> list[kinds.Event]:
    """Bulletins published lately, to the leaders, workers and viewers of the units they
    cover (the unit's subtree: ``bulletins.bulletins_visible`` shows them a published
    bulletin of a unit above), not to the publisher. Two queries; one event per
    bulletin."""
    published = list(
        Bulletin.objects.filter(status=BulletinStatus.PUBLISHED, published_at__gte=now - RECENT)
        .select_related("org_unit")
        .order_by("pk")
    )
    if not published:
        return []
    members = list(
        scoping.memberships_in_force()
        .filter(
            subtree_q([b.org_unit for b in published], field="org_unit__path"),
            role__in=list(scoping.ROSTER_ROLES),
            user__is_active=True,
        )
        .values_list("org_unit__path", "user_id")
        .distinct()
    )
    events = []
    for bulletin in published:
        root = bulletin.org_unit.path
        readers = {user_id for path, user_id in members if path.startswith(root)}
        readers.discard(bulletin.published_by_id or 0)
        events += [
            kinds.Event(
                user_id=user_id,
                key=f"bulletin:{bulletin.pk}",
                link=reverse("reports:bulletin", args=[bulletin.pk]),
                params={"unit": bulletin.org_unit.name, "month": month_param(bulletin.month)},
                unit_id=bulletin.org_unit_id,
            )
            for user_id in sorted(readers)
        ]
    return events


CLERKS = frozenset({Role.LEADER, Role.WORKER})

REPORT_DUE = kinds.Kind(
    code="report_due",
    label=gettext_lazy("A monthly report due within three days"),
    group="office",
    roles=CLERKS,
    say=_say_due,
    collect=_collect_due,
)
# A returned report is urgent: it must be corrected and submitted again before its
# deadline, which is often days away, and today the clerk learns of it by telephone. It is
# rare (a unit's report, once a month at most) and a reviewer's act in office hours.
REPORT_RETURNED = kinds.Kind(
    code="report_returned",
    label=gettext_lazy("A monthly report returned for correction"),
    group="office",
    roles=CLERKS,
    say=_say_returned,
    collect=_reviewed(ReportStatus.RETURNED, "returned"),
    urgent=True,
    every_minutes=15,
)
REPORT_ACCEPTED = kinds.Kind(
    code="report_accepted",
    label=gettext_lazy("A monthly report accepted"),
    group="office",
    roles=CLERKS,
    say=_say_accepted,
    collect=_reviewed(ReportStatus.ACCEPTED, "accepted"),
)
REPORT_LATE = kinds.Kind(
    code="report_late",
    label=gettext_lazy("A monthly report late"),
    group="office",
    roles=CLERKS,
    say=_say_late,
    collect=_collect_late,
)
BULLETIN_PUBLISHED = kinds.Kind(
    code="bulletin_published",
    label=gettext_lazy("A monthly bulletin published"),
    group="office",
    roles=frozenset(scoping.ROSTER_ROLES),
    say=_say_bulletin,
    collect=_collect_bulletins,
)

KINDS = (REPORT_DUE, REPORT_RETURNED, REPORT_ACCEPTED, REPORT_LATE, BULLETIN_PUBLISHED)


def register() -> None:
    for kind in KINDS:
        kinds.register(kind)
