"""Saving a case's answers: partial or complete, sent once or many times from a phone.

The phone makes a key for each answer set and sends the whole set every time (a partial
save, then the finished one). The same key with answers saved no later than the stored ones
changes nothing: a set sent twice — the outbox retrying after a lost reply — is stored
once. A finished set is not reopened by a late partial save. Another phone's set for the
same case is refused once the first is finished, and replaced by a newer one before.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of, require_actor
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.locking import bump
from guanai.core.models import AuditAction
from guanai.surveys import engine
from guanai.surveys.models import Case, CaseStatus, FormVersion, Response, RoundStatus
from guanai.surveys.rounds.access import can_fill


@dataclass(frozen=True)
class Saved:
    """What a send did: ``response`` as stored now, ``changed`` False for a repeat."""

    response: Response
    changed: bool


def _version(case: Case, wanted: int | None, current: Response | None) -> FormVersion:
    """Return the version the answers were given on: the round's, or the stored set's."""
    allowed = {case.round.form_id: case.round.form}
    if current is not None:
        allowed[current.form_id] = current.form
    if wanted is None:
        return current.form if current is not None else case.round.form
    if wanted not in allowed:
        raise ValidationFailed(
            _("These answers were given on a form this round does not use."), field="form"
        )
    return allowed[wanted]


def _refuse_filling(actor: Actor, case: Case) -> None:
    if case.round.status != RoundStatus.OPEN:
        raise PermissionRefused(_("The round “%(title)s” is closed.") % {"title": case.round})
    if isinstance(actor, User) and not can_fill(actor, case):
        raise PermissionRefused(_("This case is not assigned to you."))


def answers_save(
    *,
    acting_user: Actor,
    case: Case,
    key: uuid.UUID,
    answers: Any,
    complete: bool,
    saved_at: datetime,
    form: int | None = None,
) -> Saved:
    """Store the case's answer set sent with ``key``; return it and whether it changed."""
    require_actor(acting_user)
    if saved_at > timezone.now() + timedelta(minutes=10):
        raise ValidationFailed(_("The phone's clock is ahead: check its date."), field="saved_at")
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("round__form", "org_unit")
            .get(pk=case.pk)
        )
        _refuse_filling(acting_user, case)
        current = Response.objects.filter(case=case).select_related("form", "author").first()
        elsewhere = Response.objects.filter(key=key).exclude(case=case).exists()
        if elsewhere:
            raise ValidationFailed(_("This key belongs to another answer set."), field="key")
        if current is not None and _repeat(current, key, complete, saved_at):
            current.sends += 1
            current.save(update_fields=["sends"])
            return Saved(current, changed=False)
        if current is not None and current.key != key and current.complete:
            raise StaleEdit(
                _("%(author)s already finished this survey on %(day)s.")
                % {
                    "author": current.author.full_name if current.author else _("Someone"),
                    "day": date_format(timezone.localtime(current.client_saved_at)),
                }
            )
        version = _version(case, form, current)
        read = engine.form_read(version.definition)
        cleaned = engine.answers_clean(read, answers, complete=complete)
        response = current or Response(case=case)
        response.key = key
        response.form = version
        response.answers = cleaned
        response.complete = complete
        response.problems = engine.problems_found(read, cleaned)
        response.author = account_of(acting_user)
        response.client_saved_at = saved_at
        response.sends = 1 if current is None else current.sends + 1
        response.save()
        if complete:
            case.status = CaseStatus.DONE
            case.unreachable_reason = ""
            case.done_at = timezone.now()
            bump(case)
            case.save(update_fields=["status", "unreachable_reason", "done_at", "version"])
        access_log(
            user=account_of(acting_user),
            action=AuditAction.SURVEY_ANSWER,
            obj=case,
            detail={"round": case.round_id, "complete": complete, "answers": len(cleaned)},
        )
    return Saved(response, changed=True)


def _repeat(current: Response, key: uuid.UUID, complete: bool, saved_at: datetime) -> bool:
    """Return whether a send changes nothing: the same set again, an older save of it, or
    a partial save arriving after the set was finished."""
    if current.key != key:
        return current.complete is False and saved_at <= current.client_saved_at
    if current.complete and not complete:
        return True
    return saved_at <= current.client_saved_at
