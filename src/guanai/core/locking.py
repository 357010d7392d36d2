"""Optimistic locking: a form carries the version it was opened at; a stale save is refused.

Two clerks may open the same file; the second to save must not silently undo the first.
Every editable model that two people may change extends ``Versioned``; its service reads
the row again under ``select_for_update``, calls ``refuse_stale`` with the version the form
carried, changes the row and calls ``bump`` before saving.

What the other person changed is read from the audit trail (django-auditlog records every
save of a registered model with its changed fields and the version it raised), so the
message names the fields someone *else* changed since the form was opened — not the
differences between the form and the row, which would include the user's own edits.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.models import LogEntry
from django.db import models
from django.utils.translation import gettext as _

from guanai.core.errors import StaleEdit

__all__ = ["Versioned", "bump", "changed_since", "field_labels", "refuse_stale"]


class Versioned(models.Model):
    """A row edited by several people: each save raises ``version`` by one."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def bump(obj: Versioned) -> None:
    """Raise the version of a row about to be saved."""
    obj.version += 1


def changed_since(obj: models.Model, version: int, fields: Iterable[str]) -> list[str]:
    """Return which of ``fields`` the saves after ``version`` changed, from the audit trail.

    Each save raises the version by one, and django-auditlog records it with the other
    changed fields, so the saves someone else made since the user opened the form are the
    log entries that raised the version from ``version`` or later.
    """
    wanted = tuple(fields)
    changed: dict[str, None] = {}
    updates = LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.UPDATE)
    for entry in updates.order_by("timestamp", "pk"):
        changes = entry.changes_dict
        try:
            before = int(changes.get("version", [""])[0])
        except (TypeError, ValueError, IndexError):
            continue
        if before >= version:
            changed.update(dict.fromkeys(f for f in wanted if f in changes))
    return list(changed)


def field_labels(model: type[models.Model], names: Iterable[str]) -> list[str]:
    """Return the names a clerk reads for the model's fields ``names``."""
    labels = []
    for name in names:
        field = model._meta.get_field(name)
        labels.append(str(getattr(field, "verbose_name", name)))
    return labels


def refuse_stale(
    current: Versioned,
    version: int,
    *,
    message: str,
    fields: Iterable[str] = (),
    nothing_named: str = "",
) -> None:
    """Refuse (``StaleEdit``) a save from a form opened at an older ``version``.

    ``message`` may name the changed fields with ``%(fields)s``; ``fields`` are the ones
    worth naming, and ``nothing_named`` stands in when the trail names none of them.
    """
    if current.version == version:
        return
    if "%(fields)s" not in message:
        raise StaleEdit(message)
    named = field_labels(type(current), changed_since(current, version, fields))
    raise StaleEdit(message % {"fields": "、".join(named) or nothing_named or _("the record")})
