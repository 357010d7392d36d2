"""The change history of a case file, read from django-auditlog for leaders.

The person's own rows, its categories, contacts (removed ones too) and consents, and the
roster import's entries, newest first, with field labels and readable values; encrypted
numbers are never shown, only that they changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.orgs.models import OrgUnit
from guanai.registry import details as category_details
from guanai.registry.models import Category, Consent, Contact, Person, PersonCategory

# At most this many changes are shown; a file changed more often shows its latest ones.
HISTORY_LIMIT = 200
# Columns that say nothing to a reader (derived, internal, or the row's own keys).
_INTERNAL = {
    "id",
    "person",
    "version",
    "created_at",
    "updated_at",
    "name_pinyin",
    "name_initials",
    "name_sort",
    "province_code",
    "id_hash",
    "recorded_at",
    "recorded_by",
}
# Encrypted columns are excluded from the change log; the importer notes only that the
# phone changed, never the number.
_SECRET = {"phone", "id_number"}
_UNIT_FIELDS = {"org_unit", "village", "school"}
_BLANK = ("", "None", None)


@dataclass
class Change:
    label: str
    old: str
    new: str
    secret: bool = False


@dataclass
class HistoryRow:
    at: datetime
    actor: str
    kind: str  # "create", "update" or "delete"
    action: str
    what: str
    source: str = ""
    changes: list[Change] = field(default_factory=list)


def _history_entries(person: Person) -> list[LogEntry]:
    types = ContentType.objects.get_for_models(Person, PersonCategory, Contact, Consent)
    ct = {model: t.pk for model, t in types.items()}
    # A removed contact is no longer on the file: its removal names the person it had.
    removed = LogEntry.objects.filter(
        content_type_id=ct[Contact],
        action=LogEntry.Action.DELETE,
        changes__person__0=str(person.pk),
    ).values("object_id")
    q = (
        Q(content_type_id=ct[Person], object_id=person.pk)
        | Q(
            content_type_id=ct[PersonCategory],
            object_id__in=PersonCategory.objects.filter(person=person).values("pk"),
        )
        | Q(
            content_type_id=ct[Contact],
            object_id__in=Contact.objects.filter(person=person).values("pk"),
        )
        | Q(content_type_id=ct[Contact], object_id__in=removed)
        | Q(
            content_type_id=ct[Consent],
            object_id__in=Consent.objects.filter(person=person).values("pk"),
        )
    )
    return list(
        LogEntry.objects.filter(q)
        .select_related("actor")
        .order_by("-timestamp", "-pk")[: HISTORY_LIMIT + 1]
    )


class _Formatter:
    """Turn auditlog's stored texts into what a leader reads: labels and shown values."""

    def __init__(self, entries: list[LogEntry], categories: dict[int, str]) -> None:
        self.categories = categories
        unit_ids = {
            value
            for e in entries
            for name, values in (e.changes or {}).items()
            if name in _UNIT_FIELDS
            for value in values
            if isinstance(value, str) and value.isdigit()
        }
        self.units = (
            dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
            if unit_ids
            else {}
        )

    def value(self, model: type[models.Model], entry: LogEntry, name: str, raw: Any) -> str:
        if raw in _BLANK or raw == []:
            return "—"
        if name == "categories" and isinstance(raw, list):  # the importer's summary
            return "、".join(str(Category(c).label) for c in raw if c in Category.values)
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return str(raw)
        if name in _UNIT_FIELDS:
            text = str(raw)
            return self.units.get(int(text), text) if text.isdigit() else text
        choices = getattr(model_field, "choices", None)
        if choices:
            return str(dict(choices).get(raw, raw))
        if isinstance(model_field, models.BooleanField):
            return _("Yes") if raw in ("True", True) else _("No")
        if isinstance(model_field, models.DateTimeField):
            try:
                moment = datetime.fromisoformat(str(raw))
            except ValueError:
                return str(raw)
            if timezone.is_naive(moment):  # auditlog stores UTC without the zone
                moment = moment.replace(tzinfo=UTC)
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
        if isinstance(model_field, models.DateField):
            try:
                return date_format(date.fromisoformat(str(raw)))
            except ValueError:
                return str(raw)
        return str(raw)

    def label(self, model: type[models.Model], name: str) -> str | None:
        """Return the label of a changed column, or ``None`` for one not to show."""
        if name in _INTERNAL:
            return None
        if model is Person and name == "categories":
            return _("Categories")
        if model is Person and name == "guardian":
            return _("Guardian")
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not model_field.concrete:  # reverse relations auditlog lists on creation
            return None
        return str(getattr(model_field, "verbose_name", name))

    def changes(self, model: type[models.Model], entry: LogEntry) -> list[Change]:
        shown = []
        for name, values in (entry.changes or {}).items():
            label = self.label(model, name)
            if label is None or not isinstance(values, list) or len(values) != 2:
                continue
            if model is Person and name == "categories" and not isinstance(values[1], list):
                continue
            if name in _SECRET:
                shown.append(Change(label, "", "", secret=True))
                continue
            if model is PersonCategory and name == "details":
                shown.extend(self.detail_changes(entry, values[0], values[1]))
                continue
            old = self.value(model, entry, name, values[0])
            new = self.value(model, entry, name, values[1])
            # A new row lists every column: only what was filled in (or ticked) is news.
            if entry.action == LogEntry.Action.CREATE and (new == "—" or values[1] == "False"):
                continue
            if entry.action == LogEntry.Action.DELETE and old == "—":
                continue
            shown.append(Change(label, old, new))
        return shown

    def detail_changes(self, entry: LogEntry, old: Any, new: Any) -> list[Change]:
        """Return one change per detail of a category that changed, in words."""
        code = self.categories.get(entry.object_id or 0, "")
        before, after = (
            dict(category_details.describe(code, _json(value))) for value in (old, new)
        )
        return [
            Change(label, before.get(label, "—"), after.get(label, "—"))
            for label in [*after, *(k for k in before if k not in after)]
            if before.get(label) != after.get(label)
        ]


def _json(value: Any) -> dict[str, Any]:
    """Return a JSON column's value as auditlog stored it (as text, or ``None``)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def file_history(person: Person) -> tuple[list[HistoryRow], bool]:
    """Return the changes of a file, its categories, contacts and consents, newest first.

    The second value says whether older changes were left out. The queries are the same
    for a file with one change or a thousand.
    """
    entries = _history_entries(person)
    more = len(entries) > HISTORY_LIMIT
    entries = entries[:HISTORY_LIMIT]
    categories = dict(PersonCategory.objects.filter(person=person).values_list("pk", "category"))
    formatter = _Formatter(entries, categories)
    models_by_ct = {
        t.pk: model
        for model, t in ContentType.objects.get_for_models(
            Person, PersonCategory, Contact, Consent
        ).items()
    }
    actions = {
        LogEntry.Action.CREATE: ("create", _("Added")),
        LogEntry.Action.UPDATE: ("update", _("Changed")),
        LogEntry.Action.DELETE: ("delete", _("Removed")),
    }
    rows = []
    for entry in entries:
        model = models_by_ct[entry.content_type_id]
        if model is Person:
            what = _("Basic information")
        elif model is PersonCategory:
            code = categories.get(entry.object_id or 0, "")
            label = Category(code).label if code in Category.values else entry.object_repr
            what = _("Category: %(category)s") % {"category": label}
        elif model is Contact:
            what = _("Contact: %(contact)s") % {"contact": entry.object_repr}
        else:
            what = _("Guardian's consent: %(consent)s") % {"consent": entry.object_repr}
        source = (entry.additional_data or {}).get("source", "")
        actor: User | None = entry.actor
        kind, action = actions.get(entry.action, ("update", _("Changed")))
        rows.append(
            HistoryRow(
                at=timezone.localtime(entry.timestamp),
                actor=actor.get_full_name() if actor else _("System"),
                kind=kind,
                action=action,
                what=what,
                source=_("Roster import") if source == "roster_import" else "",
                changes=formatter.changes(model, entry),
            )
        )
    return rows, more


def history_tab(person: Person) -> dict[str, Any]:
    rows, more = file_history(person)
    return {"history_rows": rows, "history_more": more, "history_limit": HISTORY_LIMIT}
