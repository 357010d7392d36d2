"""The notifications' sources: messages that could not be delivered, for the security
administrator (issue 22, point 5)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts.models import User
from guanai.notify import access
from guanai.notify.delivery import selectors as delivery_selectors
from guanai.notify.models import DeliveryStatus
from guanai.today.items import EMPTY, SHOWN, Batch, Task
from guanai.today.sources.common import day, first

# Failures older than this many days are in the log, not on the admin's page.
FAILURE_DAYS = 7


def delivery_failures(user: User, today: date) -> Batch:
    """Messages that failed for good in the last week, for the security administrator."""
    if not access.sees_delivery_log(user):
        return EMPTY
    found = delivery_selectors.failures_recent(user, today, days=FAILURE_DAYS)
    total = found.count()
    if not total:
        return EMPTY
    url = reverse("notify:deliveries") + "?" + urlencode({"status": DeliveryStatus.FAILED})
    tasks = [
        Task(
            kind="delivery_failure",
            kind_label=gettext_lazy("Message not delivered"),
            subject=(
                delivery.recipient.full_name or delivery.recipient.username
                if delivery.recipient
                else delivery.unit.name
                if delivery.unit
                else ""
            ),
            where=str(delivery.get_channel_display()),
            detail=delivery.response[:200],
            why=_("Failed on %(date)s") % {"date": day(delivery.created_at)},
            when=timezone.localdate(delivery.created_at),
            overdue=False,
            action_label=_("Delivery log"),
            action_url=url,
        )
        for delivery in found[:SHOWN]
    ]
    return first(tasks, total, _("Messages not delivered"), url)
