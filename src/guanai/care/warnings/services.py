"""Writes of the early warnings: a leader acknowledges one or many, gives one as a task,
closes one with an outcome, or runs the detection now; an assignee closes their task.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.care.models import CareWarning, WarningOutcome, WarningStatus
from guanai.care.permissions import can_care_for, is_leader_of
from guanai.care.warnings.detection import DetectionReport, detect
from guanai.care.warnings.selectors import LIVE, can_acknowledge, can_close, warnings_chosen
from guanai.core.changelog import log_updates
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.text import column_limit, within
from guanai.orgs.models import OrgUnit

NOTE_LENGTH = column_limit(CareWarning, "note")
TASK_NOTE_LENGTH = column_limit(CareWarning, "assignment_note")
OUTCOME_NOTE_LENGTH = column_limit(CareWarning, "outcome_note")
# At most this many warnings per action: one statement each for the read, the update and
# the change log (within every database's limit of parameters).
MOST_AT_ONCE = 500


def _note(note: str, *, field: str = "note", limit: int = NOTE_LENGTH) -> str:
    """Return the note on one line, refused when empty or longer than the column."""
    note = " ".join(note.split())
    if not note:
        raise ValidationFailed(
            _("Write a note: what has been done or will be done about it."), field=field
        )
    return within(note, limit, field=field)


@transaction.atomic
def warning_acknowledge(*, acting_user: User, warning: CareWarning, note: str) -> CareWarning:
    """Acknowledge an open warning with a note saying what is done about it (leaders)."""
    if not can_acknowledge(acting_user, warning):
        raise PermissionRefused(_("Only a leader of the person's unit may acknowledge a warning."))
    note = _note(note)
    locked = CareWarning.objects.select_for_update(of=("self",)).get(pk=warning.pk)
    if locked.status != WarningStatus.OPEN:
        raise ValidationFailed(
            _("This warning is no longer open (%(status)s).")
            % {"status": WarningStatus(locked.status).label},
            field="note",
        )
    warning.status = WarningStatus.ACKNOWLEDGED
    warning.acknowledged_by = acting_user
    warning.acknowledged_at = timezone.now()
    warning.note = note
    warning.version = locked.version + 1
    warning.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "note", "version"])
    return warning


@dataclass
class BulkAcknowledged:
    """What a bulk acknowledgement did: the warnings acknowledged, and those left alone.

    ``stale`` are the warnings someone changed since the list was read (acknowledged,
    closed or resolved meanwhile): reported, never overwritten.
    """

    done: list[CareWarning] = field(default_factory=list)
    stale: list[CareWarning] = field(default_factory=list)


def _chosen(acting_user: User, versions: Mapping[int, int | None]) -> list[CareWarning]:
    """Return the chosen warnings locked, refusing an empty, too large or unknown choice."""
    if not versions:
        raise ValidationFailed(_("Choose at least one warning."), field="warnings")
    if len(versions) > MOST_AT_ONCE:
        raise ValidationFailed(
            _("Choose at most %(most)s warnings at a time; narrow the filter.")
            % {"most": MOST_AT_ONCE},
            field="warnings",
        )
    found = list(
        warnings_chosen(acting_user, versions).select_for_update(of=("self",)).order_by("pk")
    )
    missing = sorted(set(versions) - {w.pk for w in found})
    if missing:
        raise ValidationFailed(
            _("These warnings are not found among yours: %(ids)s.")
            % {"ids": ", ".join(str(pk) for pk in missing)},
            field="warnings",
        )
    return found


def _refuse_unless_leader(acting_user: User, warnings: list[CareWarning], message: str) -> None:
    others = [w for w in warnings if not can_acknowledge(acting_user, w)]
    if others:
        names = "、".join(dict.fromkeys(w.person.name for w in others))
        raise PermissionRefused(message % {"names": names})


@transaction.atomic
def warnings_acknowledge(
    *, acting_user: User, versions: Mapping[int, int | None], note: str
) -> BulkAcknowledged:
    """Acknowledge many open warnings with one note, in one action (leaders).

    ``versions`` maps each chosen warning to the version the user saw (None: as it is now,
    for "all matching the filter"). The whole choice is refused — nothing changes — when
    it is empty, too large, holds a warning the user may not read or may not acknowledge,
    or the note is empty or too long. A warning no longer open, or changed since the user
    saw it, is reported in ``stale`` and left as it is; the others are acknowledged with a
    constant number of statements, each with its own change-log entry.
    """
    note = _note(note)
    found = _chosen(acting_user, versions)
    _refuse_unless_leader(
        acting_user,
        found,
        _("Only a leader of the person's unit may acknowledge a warning (%(names)s)."),
    )
    result = BulkAcknowledged()
    for warning in found:
        seen = versions[warning.pk]
        fresh = warning.status == WarningStatus.OPEN and seen in (None, warning.version)
        (result.done if fresh else result.stale).append(warning)
    if not result.done:
        return result
    now = timezone.now()

    def acknowledge(warning: CareWarning) -> None:
        warning.status = WarningStatus.ACKNOWLEDGED
        warning.acknowledged_by, warning.acknowledged_at = acting_user, now
        warning.note = note
        warning.version += 1

    log_updates(
        result.done, acknowledge, actor=acting_user, detail={"acknowledged": len(result.done)}
    )
    CareWarning.objects.filter(pk__in=[w.pk for w in result.done]).update(
        status=WarningStatus.ACKNOWLEDGED,
        acknowledged_by=acting_user,
        acknowledged_at=now,
        note=note,
        version=F("version") + 1,
    )
    return result


def _locked(warning: CareWarning, version: int | None) -> CareWarning:
    """Lock the warning's row; refuse if it is no longer live or changed since ``version``."""
    locked = CareWarning.objects.select_for_update(of=("self",)).get(pk=warning.pk)
    if locked.status not in LIVE:
        raise StaleEdit(
            _("This warning is no longer open (%(status)s).")
            % {"status": WarningStatus(locked.status).label}
        )
    if version is not None and locked.version != version:
        raise StaleEdit(_("Someone changed this warning since you opened it; look at it again."))
    return locked


@transaction.atomic
def warning_assign(
    *,
    acting_user: User,
    warning: CareWarning,
    assignee: User,
    note: str = "",
    due_on: date | None = None,
    version: int | None = None,
    today: date | None = None,
) -> CareWarning:
    """Give a warning to someone who may care for its person, as a task (leaders).

    The assignee is a helper paired with the person or a leader or worker over the
    person's unit; the note is optional, the due date not in the past.
    """
    if not can_acknowledge(acting_user, warning):
        raise PermissionRefused(_("Only a leader of the person's unit may assign a warning."))
    if not assignee.is_active or not can_care_for(assignee, warning.person):
        raise ValidationFailed(
            _(
                "%(name)s may not act for this person: choose a paired helper or a worker "
                "of the person's unit."
            )
            % {"name": assignee.get_full_name() or assignee.get_username()},
            field="assignee",
        )
    note = " ".join(note.split())
    within(note, TASK_NOTE_LENGTH, field="note")
    today = today or timezone.localdate()
    if due_on is not None and due_on < today:
        raise ValidationFailed(_("The due date cannot be in the past."), field="due_on")
    locked = _locked(warning, version)
    warning.assigned_to, warning.assigned_by = assignee, acting_user
    warning.assigned_at = timezone.now()
    warning.assignment_note, warning.due_on = note, due_on
    warning.version = locked.version + 1
    warning.save(
        update_fields=[
            "assigned_to",
            "assigned_by",
            "assigned_at",
            "assignment_note",
            "due_on",
            "version",
        ]
    )
    return warning


@transaction.atomic
def warning_close(
    *,
    acting_user: User,
    warning: CareWarning,
    outcome: str,
    note: str = "",
    version: int | None = None,
) -> CareWarning:
    """Close a warning with its outcome (a leader over the person's unit, or its assignee).

    Refused without an outcome; "other" needs a sentence saying what came of it.
    """
    if not can_close(acting_user, warning):
        raise PermissionRefused(
            _("Only a leader of the person's unit or the person it is assigned to may close it.")
        )
    if outcome not in WarningOutcome.values:
        raise ValidationFailed(_("Choose what came of it."), field="outcome")
    note = " ".join(note.split())
    within(note, OUTCOME_NOTE_LENGTH, field="outcome_note")
    if outcome == WarningOutcome.OTHER and not note:
        raise ValidationFailed(_("Say in a sentence what came of it."), field="outcome_note")
    locked = _locked(warning, version)
    warning.status = WarningStatus.CLOSED
    warning.outcome, warning.outcome_note = outcome, note
    warning.closed_by, warning.closed_at = acting_user, timezone.now()
    warning.version = locked.version + 1
    warning.save(
        update_fields=["status", "outcome", "outcome_note", "closed_by", "closed_at", "version"]
    )
    return warning


def _outermost(units: list[OrgUnit]) -> list[OrgUnit]:
    """Return the units not inside another of them (each subtree is detected once)."""
    distinct = list({u.pk: u for u in units}.values())
    return [
        u for u in distinct if not any(o.pk != u.pk and u.path.startswith(o.path) for o in distinct)
    ]


def warnings_check(
    *, acting_user: User, unit: OrgUnit | None = None, today: date | None = None
) -> DetectionReport:
    """Run the detection now for a unit the acting leader leads, or all the units they lead."""
    if unit is not None:
        if not is_leader_of(acting_user, unit):
            raise PermissionRefused(_("Only a leader of the unit may run the warning checks."))
        return detect(unit, today)
    led = _outermost(scoping.units_for(acting_user, [Role.LEADER]))
    if not led:
        raise PermissionRefused(_("Only a leader of the unit may run the warning checks."))
    report = DetectionReport()
    for each in led:
        report += detect(each, today)
    return report
