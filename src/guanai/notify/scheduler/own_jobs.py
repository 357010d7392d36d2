"""The jobs of notify itself: collecting the kinds' events, sending the digests due, the
nightly check of the audit logs' size (DESIGN §5: kept, never deleted by Guanai), and the
core's daily making of the coming months' partitions (``core.partitions``; the core sits
below notify and cannot register a job itself)."""

from __future__ import annotations

import importlib
import json
from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.core import partitions
from guanai.core.models import AccessLog
from guanai.notify import jobs, services


def notify_collect() -> str:
    """Look for every kind's new events and keep them as notifications."""
    counts = services.collect()
    new = {code: count for code, count in counts.items() if count}
    return json.dumps({"new": sum(new.values()), "kinds": new})


def send_digests() -> str:
    """Send the digests and the urgent messages now due through their channels."""
    digests: Any = importlib.import_module("guanai.notify.delivery.digests")
    sent = digests.send_due()
    return json.dumps(sent) if isinstance(sent, dict) else str(sent)


def _day(value: datetime | None) -> str | None:
    return timezone.localdate(value).isoformat() if value else None


def log_sizes() -> dict[str, dict[str, Any]]:
    """The rows and the oldest entry of the audit log and of the access log (two queries)."""
    audit = LogEntry.objects.aggregate(rows=Count("pk"), oldest=Min("timestamp"))
    access = AccessLog.objects.aggregate(rows=Count("pk"), oldest=Min("at"))
    return {
        "audit": {"rows": audit["rows"], "oldest": _day(audit["oldest"])},
        "access": {"rows": access["rows"], "oldest": _day(access["oldest"])},
    }


def audit_log_check() -> str:
    """Compare the logs' sizes with ``GUANAI_AUDIT_LOG_MAX_ROWS``; past it, fail the run with
    what to do. Nothing is deleted: the records are kept (DESIGN §5)."""
    limit = settings.GUANAI_AUDIT_LOG_MAX_ROWS
    sizes = log_sizes()
    names = {"audit": _("The audit log"), "access": _("The access log")}
    over = [
        _(
            "%(log)s holds %(rows)s rows (the oldest of %(oldest)s), past the limit of "
            "%(limit)s rows (GUANAI_AUDIT_LOG_MAX_ROWS)."
        )
        % {"log": names[log], "rows": size["rows"], "oldest": size["oldest"], "limit": limit}
        for log, size in sizes.items()
        if size["rows"] > limit
    ]
    if over:
        advice = _(
            "Guanai never deletes these records by itself. At the server, archive the months "
            "older than 6 months and remove them from the database with “guanai archive-logs "
            "--before YYYY-MM” (keep the archive files apart, like the backups), or raise the "
            "limit."
        )
        raise jobs.JobAlert("\n".join([*over, advice]))
    return json.dumps({**sizes, "limit": limit})


def ensure_partitions() -> str:
    """Make the coming months' partitions of the care log and the audit logs (PostgreSQL;
    nothing on SQLite), moving rows of those months out of the DEFAULT partitions."""
    return json.dumps(partitions.ensure_partitions())


def register() -> None:
    """Called from ``NotifyConfig.ready``."""
    jobs.register(jobs.Job("notify_collect", gettext_lazy("Collect notifications"), notify_collect))
    jobs.register(jobs.Job("send_digests", gettext_lazy("Send digests and messages"), send_digests))
    jobs.register(
        jobs.Job("audit_log_check", gettext_lazy("Check the audit logs' size"), audit_log_check)
    )
    jobs.register(
        jobs.Job(
            "ensure_partitions",
            gettext_lazy("Make the coming months' partitions"),
            ensure_partitions,
        )
    )
