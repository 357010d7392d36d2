"""The notifications' records: the inbox, what each person chose, the addresses they
verified, the units' group robots, the delivery log and the runs of the scheduled jobs."""

from guanai.notify.models.delivery import Delivery, DeliveryStatus
from guanai.notify.models.inbox import Notification
from guanai.notify.models.prefs import (
    Address,
    Channel,
    Preference,
    UnitWebhook,
    UserSettings,
)
from guanai.notify.models.runs import JobRun, RunOutcome, RunTrigger

__all__ = [
    "Address",
    "Channel",
    "Delivery",
    "DeliveryStatus",
    "JobRun",
    "Notification",
    "Preference",
    "RunOutcome",
    "RunTrigger",
    "UnitWebhook",
    "UserSettings",
]
