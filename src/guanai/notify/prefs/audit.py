"""The change log of a person's choices and a unit's robot, each entry named by its event.

The models are registered with django-auditlog (``notify.apps``, the address and the robot's
key left out); the services write their entries here instead of letting each save write an
unnamed one, so that an auditor reads "address verified" or "robot tested", with who did it,
and so that saving the preferences of every kind writes one statement, not one per kind.
The event's name is kept in the entry's additional data (``{"event": "notify.…"}``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from auditlog.cid import get_cid
from auditlog.context import auditlog_value, disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

from guanai.accounts.models import User

Row = TypeVar("Row", bound=models.Model)

# The events, by name: what each entry's additional data says.
PREFERENCES_SAVED = "notify.preferences_saved"
SETTINGS_SAVED = "notify.digest_settings_saved"
ADDRESS_CHANGED = "notify.address_changed"
CODE_SENT = "notify.code_sent"
CODE_WRONG = "notify.code_wrong"
ADDRESS_VERIFIED = "notify.address_verified"
ADDRESS_REMOVED = "notify.address_removed"
WEBHOOK_SAVED = "notify.webhook_saved"
WEBHOOK_TESTED = "notify.webhook_tested"


def _remote_addr() -> str | None:
    try:
        return auditlog_value.get().get("remote_addr")
    except LookupError:
        return None


def entries(
    changes: Sequence[tuple[Row | None, Row | None, Row]], *, actor: User, event: str
) -> list[LogEntry]:
    """Log entries for (before, after, row) triples: before None is a creation, after None a
    deletion. Unchanged rows write nothing."""
    made = []
    cid = get_cid()
    types = {type(row) for _before, _after, row in changes}
    content_types = ContentType.objects.get_for_models(*types) if types else {}
    for before, after, row in changes:
        diff = model_instance_diff(before, after) or {}
        if before is not None and after is not None and not diff:
            continue
        action = (
            LogEntry.Action.CREATE
            if before is None
            else LogEntry.Action.DELETE
            if after is None
            else LogEntry.Action.UPDATE
        )
        made.append(
            LogEntry(
                content_type=content_types[type(row)],
                object_pk=str(row.pk),
                object_id=row.pk,
                object_repr=str(row),
                action=action,
                changes=diff,
                actor=actor,
                cid=cid,
                remote_addr=_remote_addr(),
                additional_data={"event": event},
            )
        )
    return made


def write(
    changes: Sequence[tuple[Row | None, Row | None, Row]], *, actor: User, event: str
) -> None:
    LogEntry.objects.bulk_create(entries(changes, actor=actor, event=event))


@contextmanager
def unlogged() -> Iterator[None]:
    """Saves inside write no entry of their own (the service writes the named one)."""
    with disable_auditlog():
        yield


def saved(row: Row, change: Callable[[Row], Any], *, actor: User, event: str) -> Row:
    """Change one row, save it and log the change under ``event`` (a new row: a creation)."""
    before = copy.copy(row) if row.pk is not None else None
    change(row)
    with unlogged():
        row.save()
    write([(before, row, row)], actor=actor, event=event)
    return row
