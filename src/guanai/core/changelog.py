"""The change log of rows written in bulk: one auditlog entry per row, as a save writes.

``QuerySet.update`` and ``bulk_update`` send no signals, so django-auditlog records nothing
of them; a service that changes many rows at once writes their entries here, in one
statement, with the changes auditlog's own diff computes — an auditor reads them like those
of a single save. Care's warnings acknowledged together, an event series cancelled from a
day, a round's cases assigned to a helper: each calls ``log_updates``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

Row = TypeVar("Row", bound=models.Model)


def log_updates(
    rows: Sequence[Row],
    change: Callable[[Row], None],
    *,
    actor: AbstractBaseUser | None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Apply ``change`` to each row in memory and log what it changed (no save).

    ``actor`` is the account that acts (None for the system); ``detail`` is kept with each
    entry (auditlog's additional data). The caller saves the rows, in bulk.
    """
    if not rows:
        return
    try:
        context = auditlog_value.get()
    except LookupError:
        context = {}
    content_type = ContentType.objects.get_for_model(type(rows[0]))
    cid = get_cid()
    entries = []
    for row in rows:
        before = copy.copy(row)
        change(row)
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(row.pk),
                object_id=row.pk,
                object_repr=str(row),
                action=LogEntry.Action.UPDATE,
                changes=model_instance_diff(before, row) or {},
                actor=actor,
                cid=cid,
                remote_addr=context.get("remote_addr"),
                additional_data=detail,
            )
        )
    LogEntry.objects.bulk_create(entries)
