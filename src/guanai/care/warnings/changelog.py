"""The change log of warnings written in bulk: one auditlog entry per warning, as a save writes.

``QuerySet.update`` sends no signals, so django-auditlog records nothing of it; a service
that updates many warnings at once writes their entries here, in one statement, with the
changes auditlog's own diff computes — an auditor reads them like those of a single save.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from guanai.accounts.models import User
from guanai.care.models import CareWarning


def log_updates(
    warnings: Sequence[CareWarning],
    change: Callable[[CareWarning], None],
    *,
    actor: User,
    detail: dict[str, Any] | None = None,
) -> None:
    """Apply ``change`` to each warning in memory and log what it changed (no save)."""
    try:
        context = auditlog_value.get()
    except LookupError:
        context = {}
    content_type = ContentType.objects.get_for_model(CareWarning)
    cid = get_cid()
    entries = []
    for warning in warnings:
        before = copy.copy(warning)
        change(warning)
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(warning.pk),
                object_id=warning.pk,
                object_repr=str(warning),
                action=LogEntry.Action.UPDATE,
                changes=model_instance_diff(before, warning) or {},
                actor=actor,
                cid=cid,
                remote_addr=context.get("remote_addr"),
                additional_data=detail,
            )
        )
    LogEntry.objects.bulk_create(entries)
