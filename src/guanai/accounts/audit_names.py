"""The names an auditor reads for the codes stored in the audit trail.

The access log stores what was exported or read as a code ("contact_cards", a model label
such as "registry.person"); the change log stores field names and raw old and new values.
The auditor reads Chinese, so every code is named here or by the model it labels.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# What ``core.audit.export_logged`` is told was exported or printed, where that is no
# model. A new code needs its name here: tests/accounts/test_audit_names.py reads the
# source for every ``what="..."`` and fails on a code without one.
EXPORT_NAMES: dict[str, Promise] = {
    "audit_log": _("Audit log"),
    "contact_cards": _("Contact cards"),
    "payment_roll": _("Payment roll"),
    "roster": _("Roster"),
    "roster_import_errors": _("Roster import error workbook"),
    "care.pocket_money_statement": _("Pocket-money statement"),
    "reports.bulletin": _("Monthly bulletin"),
    "reports.dashboard": _("Dashboard"),
    "reports.monthly_report": _("Monthly report"),
    "reports.monthly_summary": _("Summary of the monthly reports"),
    "reports.assessment": _("Annual assessment"),
    "activities.activity_plan": _("Activity plan"),
    "community.fund_statement": _("Charity fund statement"),
    "institutions.overview": _("Overview of the institutions"),
    "surveys.answers": _("Survey answers"),
}

CHANGE_ACTION_NAMES: dict[int, Promise] = {
    LogEntry.Action.CREATE: _("Created"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
    LogEntry.Action.ACCESS: _("Read"),
}

EMPTY = "—"


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def object_type_name(code: str) -> str:
    """Return the auditor's name of an access-log object type (the code if none is known)."""
    if not code:
        return ""
    if code in EXPORT_NAMES:
        return str(EXPORT_NAMES[code])
    model = _model(code)
    return str(model._meta.verbose_name) if model is not None else code


def codes_named(text: str) -> tuple[set[str], list[tuple[str, str]]]:
    """Return the codes whose Chinese (current-language) name contains ``text``.

    The auditor filters by what they read ("联系卡", "人员"): the export codes and model
    labels of the access log, and the (app label, model) pairs of the change log.
    """
    needle = text.casefold()
    codes = {code for code, name in EXPORT_NAMES.items() if needle in str(name).casefold()}
    models_named = [
        (m._meta.app_label, m._meta.model_name or "")
        for m in apps.get_models()
        if needle in str(m._meta.verbose_name).casefold()
    ]
    codes |= {f"{app}.{model}" for app, model in models_named}
    return codes, models_named


def change_action_name(action: int) -> str:
    return str(CHANGE_ACTION_NAMES.get(action, action))


def _field_name(model: type[models.Model] | None, field: str) -> str:
    if model is None:
        return field
    try:
        found = model._meta.get_field(field)
    except FieldDoesNotExist:
        return field
    # A reverse relation (e.g. a person's "contacts") has no verbose name of its own.
    name = getattr(found, "verbose_name", None)
    if name is None and found.related_model is not None:
        name = found.related_model._meta.verbose_name_plural  # type: ignore[union-attr]
    return str(name) if name is not None else field


def _value(value: Any) -> str:
    # django-auditlog writes "None" for an empty value; imports that write their own
    # entries store a real null (issue 12: such entries made the page answer 500).
    if value is None or value in ("None", ""):
        return EMPTY
    return str(value)


def change_text(entry: LogEntry, separator: str = "; ") -> str:
    """Return the changes of a change-log entry as "field: old → new", fields named."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    changes = entry.changes_dict
    parts = []
    for field, values in changes.items():
        if isinstance(values, (list, tuple)) and len(values) == 2:
            old, new = values
            parts.append(f"{_field_name(model, field)}：{_value(old)} → {_value(new)}")
        else:
            parts.append(f"{_field_name(model, field)}：{_value(values)}")
    return separator.join(parts)


def change_object_type_name(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name) if model is not None else entry.content_type.model
