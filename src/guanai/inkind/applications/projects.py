"""A service delivered as a project (危房改造): its stages, in order, each with photos.

An approved request of a project service goes through survey (勘查), plan (方案), funding
(资金), works (施工) and acceptance (验收), each recorded once, in that order, on a day not
before the one before it and not in the future. Funding states its amount. Acceptance
delivers the request (``services.mark_delivered``) and records the house as safe on the
person's file through the registry, as an edit would. Photos (JPEG or PNG, checked by their
content, at most ``PHOTOS_PER_STAGE``) travel with the stage that took them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.money import parse_money
from guanai.core.photos import Upload, checked_photos, store_photos
from guanai.core.text import within
from guanai.inkind import access
from guanai.inkind.applications.services import (
    TEXT_LIMIT,
    checked_day,
    lock_fresh,
    mark_delivered,
    save_bumped,
)
from guanai.inkind.models import (
    STAGE_ORDER,
    Application,
    ApplicationStatus,
    Stage,
    StagePhoto,
    StageRecord,
)
from guanai.registry.models import HouseCondition
from guanai.registry.services import house_condition_set

PHOTOS_PER_STAGE = 6


def next_stage(application: Application) -> str | None:
    """Return the stage to record next, or None when the project is accepted (or not one)."""
    if not application.service.is_project or application.status != ApplicationStatus.APPROVED:
        return None
    done = {record.stage for record in application.stages.all()}
    return next((stage for stage in STAGE_ORDER if stage not in done), None)


@transaction.atomic
def stage_record(
    user: Actor,
    application: Application,
    *,
    version: int,
    stage: str,
    on: date | None = None,
    note: str = "",
    amount: object = None,
    photos: Sequence[Upload] = (),
) -> StageRecord:
    """Record the next stage of an approved project; acceptance delivers it."""
    application = lock_fresh(application, version)
    access.require_work(user, application)
    if not application.service.is_project:
        raise ValidationFailed(
            _("%(service)s has no stages.") % {"service": application.service.name}
        )
    if application.status != ApplicationStatus.APPROVED:
        raise ValidationFailed(
            _("Stages are recorded once the request is approved; this one is %(status)s.")
            % {"status": application.get_status_display()}
        )
    expected = next_stage(application)
    if stage != expected:
        raise ValidationFailed(
            _("The next stage to record is %(stage)s.") % {"stage": Stage(expected).label}
            if expected
            else _("Every stage is recorded."),
            field="stage",
        )
    last = application.stages.order_by("-done_on").first()
    day = checked_day(on, "done_on", not_before=last.done_on if last else application.decided_on)
    money: Decimal | None = None
    if stage == Stage.FUNDING:
        money = parse_money(amount, field="amount", allow_zero=False)
    elif amount not in (None, ""):
        raise ValidationFailed(_("Only the funding stage states an amount."), field="amount")
    checked = checked_photos(
        photos,
        room=PHOTOS_PER_STAGE,
        too_many=_("A stage keeps at most %(count)s photos.") % {"count": PHOTOS_PER_STAGE},
    )
    record = StageRecord.objects.create(
        application=application,
        stage=stage,
        done_on=day,
        note=within(note.strip(), TEXT_LIMIT, field="note"),
        amount=money,
        recorded_by=account_of(user),
    )
    if stage == Stage.ACCEPTANCE:
        funded = application.stages.filter(stage=Stage.FUNDING).values_list("amount", flat=True)
        mark_delivered(user, application, day, {"cost": next(iter(funded), None)})
        house_condition_set(
            acting_user=user, person=application.person, condition=HouseCondition.SAFE
        )
    else:
        save_bumped(application, user, [])
    store_photos(checked, folder="inkind", make=lambda: StagePhoto(record=record))
    return record
