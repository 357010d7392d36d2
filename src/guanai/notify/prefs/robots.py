"""A unit's WeChat Work (企业微信) group robot: its address, the kinds it hears, a test.

In production the address must be a WeChat Work robot's
(``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…``): the key in it is a secret
the unit's leader copies from the group's settings, and no other host may receive the
unit's messages. With ``DEBUG`` or ``GUANAI_WEBHOOK_ANY_HOST`` any http(s) address is taken:
the tests and a demo post to a robot of their own on this machine.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import Role, User
from guanai.accounts.scoping import holds_role_over
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.notify import kinds
from guanai.notify.channels import SendError, webhook
from guanai.notify.models import UnitWebhook
from guanai.notify.prefs import audit
from guanai.orgs.models import OrgUnit

ROBOT_PREFIX = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key="
_KEY = re.compile(r"[A-Za-z0-9-]{8,100}", re.ASCII)
TEST_TEXT = "关爱系统测试消息"
MAX_URL = 300


def any_host() -> bool:
    return bool(settings.DEBUG or getattr(settings, "GUANAI_WEBHOOK_ANY_HOST", False))


def parse_robot_url(raw: str) -> str:
    """The robot's address, or a refusal saying what a robot's address looks like."""
    text = (raw or "").strip()
    if len(text) > MAX_URL:
        raise ValidationFailed(_("This address is too long."), field="url")
    if text.startswith(ROBOT_PREFIX) and _KEY.fullmatch(text[len(ROBOT_PREFIX) :]):
        return text
    if any_host():
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            pass
        else:
            return text
    raise ValidationFailed(
        _(
            "Paste the robot's address from the group's settings in WeChat Work; it starts "
            "with %(prefix)s."
        )
        % {"prefix": ROBOT_PREFIX},
        field="url",
    )


def _require_leader(user: User, unit: OrgUnit) -> None:
    if not holds_role_over(user, unit, [Role.LEADER]):
        raise PermissionRefused(_("Only a leader of the unit sets its robot."))


def webhook_save(
    user: User,
    unit: OrgUnit,
    *,
    url: str | None,
    kind_codes: Sequence[str],
    initials: bool,
    active: bool,
) -> UnitWebhook:
    """Set the unit's robot; ``url`` None (or blank) keeps its address. A new address must
    be tested again."""
    _require_leader(user, unit)
    registered = {kind.code for kind in kinds.choosable()}
    unknown = set(kind_codes) - registered
    if unknown:
        raise ValidationFailed(_("Choose among the kinds listed."), field="kinds")
    new_url = parse_robot_url(url) if url else None
    with transaction.atomic():
        row = UnitWebhook.objects.select_for_update().filter(unit=unit).first()
        if row is None and new_url is None:
            raise ValidationFailed(_("Paste the robot's address."), field="url")
        row = row or UnitWebhook(unit=unit, created_by=user)
        before = copy.copy(row) if row.pk else None
        if new_url is not None and new_url != row.url:
            row.url = new_url
            row.verified_at = None
        row.kinds = [kind.code for kind in kinds.choosable() if kind.code in set(kind_codes)]
        row.initials = initials
        row.active = active
        with audit.unlogged():
            row.save()
        audit.write([(before, row, row)], actor=user, event=audit.WEBHOOK_SAVED)
        return row


def webhook_test(user: User, unit: OrgUnit) -> UnitWebhook:
    """Post the test message to the unit's robot; its success marks the robot tested, its
    failure is refused with the robot's answer."""
    _require_leader(user, unit)
    row = UnitWebhook.objects.filter(unit=unit).first()
    if row is None:
        raise ValidationFailed(_("Save the robot's address first."))
    try:
        webhook.send(row.url, TEST_TEXT)
    except SendError as error:
        raise ValidationFailed(
            _("The robot did not take the message. Its answer: %(answer)s")
            % {"answer": str(error)[:300]}
        ) from error

    def tested(r: UnitWebhook) -> None:
        r.verified_at = timezone.now()

    return audit.saved(row, tested, actor=user, event=audit.WEBHOOK_TESTED)
