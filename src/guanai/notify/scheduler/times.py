"""When the jobs fire: their cron triggers in Asia/Shanghai, the latest firing at or before
a moment (what a firing runs for, what a catch-up looks for) and the next one."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from guanai.notify import jobs

# The times of ``jobs.SCHEDULE`` are in this zone, whatever the server's clock says.
ZONE = ZoneInfo("Asia/Shanghai")
# How far back the latest firing is looked for: a minute first (jobs every few minutes),
# then further for the nightly, monthly and yearly ones.
LOOK_BACK = (
    timedelta(minutes=1),
    timedelta(hours=1),
    timedelta(days=2),
    timedelta(days=40),
    timedelta(days=400),
)


def trigger_for(name: str) -> CronTrigger | None:
    """The job's cron trigger from ``SCHEDULE`` (None for a job without a time)."""
    cron = jobs.SCHEDULE.get(name)
    return CronTrigger.from_crontab(cron, timezone=ZONE) if cron else None


def last_fire_time(trigger: BaseTrigger, now: datetime) -> datetime | None:
    """The latest time at or before ``now`` at which the trigger fires (None if never)."""
    for window in LOOK_BACK:
        fired = trigger.get_next_fire_time(None, now - window)
        if fired is None or fired > now:
            continue
        while True:
            later = trigger.get_next_fire_time(None, fired + timedelta(microseconds=1))
            if later is None or later > now:
                return fired
            fired = later
    return None


def next_run(name: str, now: datetime) -> datetime | None:
    """When the job fires next after ``now`` (None for a job without a time)."""
    trigger = trigger_for(name)
    if trigger is None:
        return None
    return trigger.get_next_fire_time(None, now + timedelta(microseconds=1))
