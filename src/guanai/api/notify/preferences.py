"""The caller's notification preferences through the API, as the page (``notify.prefs``):
every kind with its default and the caller's choice (on or off, by e-mail, by SMS — the
channels as the digests send them: e-mail on, SMS on for the urgent kinds, until the caller
chooses), the daily digest, and the addresses (masked, verified or not). The same service
saves them and refuses the same way: e-mail or SMS newly chosen for an unverified address, a
bad time or limit — 400 with the page's message, nothing changed. Putting back what was
read stores nothing and refuses nothing."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.schemas import WRITE_ERRORS
from guanai.api.types import Bool
from guanai.core.errors import ValidationFailed
from guanai.core.masking import mask_phone
from guanai.notify import kinds
from guanai.notify.models import Channel
from guanai.notify.prefs import selectors, services

router = Router(tags=["notifications"])


class KindChoiceOut(Schema):
    code: str
    label: str
    group: str = Field(description="care, office or events.")
    urgent: bool = Field(description="Sent at once, not kept for the digest.")
    default: bool = Field(description="On for the caller's roles unless they choose.")
    enabled: bool
    email: bool = Field(description="Sent by e-mail (on by default).")
    sms: bool = Field(description="Sent by SMS (on by default for the urgent kinds).")


# A time of day in Asia/Shanghai as HH:MM (JSON Schema's "time" asks for an offset).
DIGEST_TIME = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM, Beijing time.")


class DigestOut(Schema):
    digest_time: str = DIGEST_TIME
    email_digest: bool
    sms_digest: bool
    daily_limit: int


class AddressOut(Schema):
    channel: str
    masked: str
    verified: bool


class PreferencesOut(Schema):
    kinds: list[KindChoiceOut]
    digest: DigestOut
    addresses: list[AddressOut]


class KindChoiceIn(Schema):
    code: str = Field(max_length=40)
    enabled: Bool
    email: Bool | None = Field(None, description="Left out: the caller's current choice.")
    sms: Bool | None = Field(None, description="Left out: the caller's current choice.")


class DigestIn(Schema):
    digest_time: str = DIGEST_TIME
    email_digest: Bool = False
    sms_digest: Bool = False
    daily_limit: int = Field(5, ge=1, le=20)


class PreferencesIn(Schema):
    kinds: list[KindChoiceIn] = Field(
        default_factory=list,
        max_length=200,
        description="The kinds to change; a kind left out keeps the caller's current choice.",
    )
    digest: DigestIn


def _out(user: User) -> PreferencesOut:
    found = selectors.settings_of(user)
    addresses = selectors.addresses_of(user)
    return PreferencesOut(
        kinds=[
            KindChoiceOut(
                code=row.kind.code,
                label=str(row.kind.label),
                group=row.kind.group,
                urgent=row.kind.urgent,
                default=row.default,
                enabled=row.enabled,
                email=row.email,
                sms=row.sms,
            )
            for row in selectors.kind_rows(user)
        ],
        digest=DigestOut(
            digest_time=found.digest_time.strftime("%H:%M"),
            email_digest=found.email_digest,
            sms_digest=found.sms_digest,
            daily_limit=found.daily_limit,
        ),
        addresses=[
            AddressOut(
                channel=channel,
                masked=(
                    selectors.masked_email(address.value)
                    if channel == Channel.EMAIL
                    else mask_phone(address.value)
                ),
                verified=address.verified_at is not None,
            )
            for channel, address in sorted(addresses.items())
        ],
    )


@router.get("/notifications/preferences", response={200: PreferencesOut, **AUTH_ERRORS})
def preferences(request: HttpRequest) -> PreferencesOut:
    """The caller's choices for every kind, the digest and the addresses."""
    return _out(acting_user(request))


@router.put(
    "/notifications/preferences", response={200: PreferencesOut, **AUTH_ERRORS, **WRITE_ERRORS}
)
def preferences_save(request: HttpRequest, payload: PreferencesIn) -> PreferencesOut:
    """Change the caller's choices: the kinds sent, and the digest."""
    user = acting_user(request)
    current = {
        row.kind.code: services.Choice(enabled=row.enabled, email=row.email, sms=row.sms)
        for row in selectors.kind_rows(user)
    }
    for given in payload.kinds:
        if given.code not in {kind.code for kind in kinds.choosable()}:
            raise ValidationFailed(
                _("Unknown kind of notification: %(code)s.") % {"code": given.code}, field="kinds"
            )
        had = current[given.code]
        current[given.code] = services.Choice(
            enabled=given.enabled,
            email=had.email if given.email is None else given.email,
            sms=had.sms if given.sms is None else given.sms,
        )
    services.preferences_save(
        user,
        current,
        services.DigestData(
            digest_time=datetime.time.fromisoformat(payload.digest.digest_time),
            email_digest=payload.digest.email_digest,
            sms_digest=payload.digest.sms_digest,
            daily_limit=payload.digest.daily_limit,
        ),
    )
    return _out(user)
