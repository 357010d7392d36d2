"""The registry's notification kind — a file sent to a unit, to accept — and what the kinds
of the apps above share: the plain words a sentence uses for a month and a day, and the
notifications already kept. Who keeps a unit's work is ``accounts.scoping.nearest_staff``.

Registry sits just above notify and below every app that notifies (care, benefits,
reports, crosscheck, today), so they all find these here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from datetime import datetime

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import Role

# Kept under its old name for the kinds of benefits, reports and crosscheck, which still
# import it from here; new code asks ``accounts.scoping`` (its home since it moved there).
from guanai.notify import kinds
from guanai.notify.models import Notification
from guanai.registry.models import Transfer, TransferStatus


def already_notified(code: str, keys: Collection[str]) -> set[tuple[int, str]]:
    """Return the (recipient, key) pairs of this kind already kept (1 query): a kind that
    computes per person skips those who have this period's notification already."""
    if not keys:
        return set()
    return set(
        Notification.objects.filter(kind=code, key__in=list(keys)).values_list(
            "recipient_id", "key"
        )
    )


def month_param(month: dt.date) -> str:
    """A month as a notification keeps it: "2026-11"."""
    return f"{month:%Y-%m}"


def day_param(day: dt.date) -> str:
    """A day as a notification keeps it: "2026-12-15"."""
    return day.isoformat()


def month_words(value: object) -> str:
    """A kept month in the active language ("2026年11月", "November 2026")."""
    try:
        month = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return ""
    return str(formats.date_format(month, "YEAR_MONTH_FORMAT"))


def day_words(value: object) -> str:
    """A kept day in the active language ("2026年12月15日", "Dec. 15, 2026")."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return ""
    return str(formats.date_format(day, "DATE_FORMAT"))


def iso_week(day: dt.date) -> str:
    """The key of a week's notification: "2026-W49"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


# A file sent to a unit, waiting for the unit to accept or decline it.


def _say_transfer(notification: Notification) -> str:
    params = notification.params
    return _("%(name)s's file was sent from %(from)s to %(to)s: accept or decline it.") % {
        "name": notification.names[0] if notification.names else "",
        "from": params.get("from", ""),
        "to": params.get("to", ""),
    }


def _collect_transfers(now: datetime) -> list[kinds.Event]:
    """Every transfer waiting, to the leaders and workers of the receiving unit (or, when it
    has none, of the nearest unit above: ``registry.transfers_incoming`` shows it to them
    too). Two queries, whatever the number of transfers; one event per transfer."""
    waiting = list(
        Transfer.objects.filter(status=TransferStatus.PENDING).select_related(
            "person", "from_unit", "to_unit"
        )
    )
    staff = scoping.nearest_staff({t.to_unit for t in waiting}, scoping.ROSTER_EDITORS)
    link = reverse("registry:transfer_list")
    return [
        kinds.Event(
            user_id=user_id,
            key=f"transfer:{t.pk}",
            link=link,
            count=1,
            names=[t.person.name],
            params={"from": t.from_unit.name, "to": t.to_unit.name},
            unit_id=t.to_unit_id,
        )
        for t in waiting
        for user_id in sorted(staff.get(t.to_unit_id, set()))
        if user_id != t.requested_by_id
    ]


TRANSFER_TO_ACCEPT = kinds.Kind(
    code="transfer_to_accept",
    label=gettext_lazy("A file sent to my unit, to accept"),
    group="office",
    roles=frozenset({Role.LEADER, Role.WORKER}),
    say=_say_transfer,
    collect=_collect_transfers,
    every_minutes=30,
)


def register() -> None:
    kinds.register(TRANSFER_TO_ACCEPT)
