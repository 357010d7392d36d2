"""Saving a person's choices, verifying their addresses, setting a unit's robot.

Every refusal is a ``ValidationFailed`` raised before anything is written (a wrong code
counts its try, by design). Each write is logged under its event's name (``prefs.audit``).
"""

from __future__ import annotations

import copy
import datetime
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.crypto import lookup_hash
from guanai.core.errors import ValidationFailed
from guanai.core.phone import parse_phone
from guanai.notify import kinds
from guanai.notify.channels import SendError, email, sms
from guanai.notify.models import Address, Channel, Preference, UserSettings
from guanai.notify.prefs import audit, selectors

CODE_VALID = datetime.timedelta(minutes=10)
CODE_EVERY = datetime.timedelta(minutes=1)
CODE_TRIES = 5
DAILY_LIMIT_RANGE = (1, 20)
MOBILE = re.compile(r"1\d{10}", re.ASCII)
MAX_EMAIL = 254


@dataclass(frozen=True)
class Choice:
    enabled: bool
    email: bool = False
    sms: bool = False


@dataclass(frozen=True)
class DigestData:
    digest_time: datetime.time
    email_digest: bool
    sms_digest: bool
    daily_limit: int


def _unverified_refusals(
    user: User,
    choices: Mapping[str, Choice],
    digest: DigestData,
    before: Mapping[str, Preference],
    current: UserSettings,
) -> None:
    """Refuse e-mail or SMS asked for where the person did not have it (stored, or by
    default) while its address is not verified. What they had stays, without effect until
    the address is verified, so that saving the page untouched never refuses."""
    addresses = selectors.addresses_of(user)
    for channel, field, label in (
        (Channel.EMAIL, "email", _("e-mail address")),
        (Channel.SMS, "sms", _("mobile number")),
    ):
        address = addresses.get(channel)
        if address is not None and address.verified_at is not None:
            continue
        new = [
            code
            for code, choice in choices.items()
            if getattr(choice, field)
            and not selectors.chosen_channels(code, before.get(code)).has(channel)
        ]
        digest_new = getattr(digest, f"{field}_digest") and not getattr(current, f"{field}_digest")
        if new or digest_new:
            raise ValidationFailed(
                _("Verify your %(address)s before choosing to be told by %(channel)s.")
                % {"address": label, "channel": Channel(channel).label},
                field=f"{field}_digest" if digest_new and not new else None,
            )


def _default_choice(kind: kinds.Kind, roles: set[str]) -> Choice:
    """What a kind is for a person who never chose: on for their roles, by the default
    channels (``selectors.default_channels``)."""
    channels = selectors.default_channels(kind)
    return Choice(enabled=kinds.default_on(kind, roles), email=channels.email, sms=channels.sms)


def preferences_save(user: User, choices: Mapping[str, Choice], digest: DigestData) -> None:
    """Save the person's choice for every registered kind and their digest settings.

    A kind's row is kept only where the choice differs from its default (switched on or off
    against the person's roles, or a channel other than the defaults: e-mail on, SMS on for
    an urgent kind); a choice equal to the default deletes the row, so a kind left at its
    default follows the person's roles when they change. A fixed number of queries whatever
    the number of kinds.
    """
    low, high = DAILY_LIMIT_RANGE
    if not low <= digest.daily_limit <= high:
        raise ValidationFailed(
            _("Choose between %(low)s and %(high)s messages a day.") % {"low": low, "high": high},
            field="daily_limit",
        )
    registered = {kind.code: kind for kind in kinds.choosable()}
    unknown = set(choices) - set(registered)
    if unknown:
        raise ValidationFailed(_("This kind of notification no longer exists; reload the page."))
    roles = {str(role) for role in scoping.roles(user)}
    with transaction.atomic():
        before = {p.kind: p for p in Preference.objects.select_for_update().filter(user=user)}
        current = selectors.settings_of(user)
        _unverified_refusals(user, choices, digest, before, current)
        created, updated, deleted = [], [], []
        for code, choice in choices.items():
            row = before.get(code)
            if choice == _default_choice(registered[code], roles):
                if row is not None:
                    deleted.append(row)
                continue
            if row is None:
                created.append(
                    Preference(
                        user=user,
                        kind=code,
                        enabled=choice.enabled,
                        email=choice.email,
                        sms=choice.sms,
                    )
                )
            elif (row.enabled, row.email, row.sms) != (choice.enabled, choice.email, choice.sms):
                old = copy.copy(row)
                row.enabled, row.email, row.sms = choice.enabled, choice.email, choice.sms
                updated.append((old, row))
        if deleted:
            Preference.objects.filter(pk__in=[row.pk for row in deleted]).delete()
        if created:
            Preference.objects.bulk_create(created)
        if updated:
            Preference.objects.bulk_update([r for _o, r in updated], ["enabled", "email", "sms"])
        audit.write(
            [
                *[(None, row, row) for row in created],
                *[(old, row, row) for old, row in updated],
                *[(row, None, row) for row in deleted],
            ],
            actor=user,
            event=audit.PREFERENCES_SAVED,
        )
        _settings_save(user, digest, current)


def _settings_save(user: User, digest: DigestData, found: UserSettings) -> None:
    wanted = (digest.digest_time, digest.email_digest, digest.sms_digest, digest.daily_limit)
    if found.pk is not None and wanted == (
        found.digest_time,
        found.email_digest,
        found.sms_digest,
        found.daily_limit,
    ):
        return

    def change(row: UserSettings) -> None:
        row.digest_time, row.email_digest, row.sms_digest, row.daily_limit = wanted

    audit.saved(found, change, actor=user, event=audit.SETTINGS_SAVED)


# --- Addresses and their codes --------------------------------------------------------------


def _code_hash(address: Address, code: str) -> str:
    """A keyed hash of the code, bound to the person, channel and address it was sent to."""
    return lookup_hash(f"notify-code:{address.user_id}:{address.channel}:{address.value}:{code}")


def _send_code(address: Address, code: str) -> None:
    minutes = str(int(CODE_VALID.total_seconds() // 60))
    try:
        if address.channel == Channel.EMAIL:
            email.send(
                address.value,
                _("Your verification code for Guanai"),
                _(
                    "Your verification code is %(code)s. It is valid for %(minutes)s minutes. "
                    "If you did not ask for it, ignore this message."
                )
                % {"code": code, "minutes": minutes},
            )
        else:
            provider = sms.provider()
            if provider is None:
                raise ValidationFailed(_sms_not_set_up(), field="value")
            provider.send(address.value, "code", [code, minutes])
    except SendError as error:
        raise ValidationFailed(
            _("The code could not be sent: %(answer)s") % {"answer": str(error)[:200]},
            field="value",
        ) from error


def _sms_not_set_up() -> str:
    return _("SMS is not set up on this installation; ask the system administrator.")


def sms_available() -> bool:
    return sms.provider() is not None


def _too_soon(address: Address | None, now: datetime.datetime) -> None:
    if address is not None and address.code_sent_at and now - address.code_sent_at < CODE_EVERY:
        raise ValidationFailed(
            _("A code was sent less than a minute ago; wait a minute before asking again."),
            field="value",
        )


def parse_address(channel: str, raw: str) -> str:
    """An e-mail address (Django's validator, kept as typed but trimmed) or a mobile number
    (11 digits starting with 1; a landline receives no SMS), else a refusal."""
    text = (raw or "").strip()
    if channel == Channel.EMAIL:
        if not text:
            raise ValidationFailed(_("Enter an e-mail address."), field="value")
        try:
            EmailValidator()(text)
        except ValidationError as error:
            raise ValidationFailed(
                _("Enter a valid e-mail address, such as name@example.org."), field="value"
            ) from error
        if len(text) > MAX_EMAIL:
            raise ValidationFailed(_("This e-mail address is too long."), field="value")
        return text
    phone = parse_phone(text)  # refuses with the clerk's message
    if not MOBILE.fullmatch(phone):
        raise ValidationFailed(
            _("Enter a mobile number (11 digits starting with 1): a landline receives no SMS."),
            field="value",
        )
    return phone


def address_set(user: User, channel: str, raw: str) -> Address:
    """Give or change the person's e-mail address or mobile number and send it a code.

    A changed address is unverified until its code is entered; the choices of e-mail or SMS
    stay and take effect again then.
    """
    if channel not in selectors.CHOSEN:
        raise ValidationFailed(_("Unknown channel."))
    if channel == Channel.SMS and not sms_available():
        raise ValidationFailed(_sms_not_set_up(), field="value")
    value = parse_address(channel, raw)
    now = timezone.now()
    with transaction.atomic():
        address = Address.objects.select_for_update().filter(user=user, channel=channel).first()
        if address is not None and address.value == value and address.verified_at:
            raise ValidationFailed(_("This address is already verified."), field="value")
        _too_soon(address, now)
        row = address or Address(user=user, channel=channel)
        before = copy.copy(row) if row.pk else None
        changed = row.value != value
        row.value = value  # the code is sent to, and its hash bound to, the new address
        code = f"{secrets.randbelow(10**6):06d}"
        _send_code(row, code)
        row.verified_at = None
        row.code_hash = _code_hash(row, code)
        row.code_sent_at = now
        row.attempts = 0
        with audit.unlogged():
            row.save()
        event = audit.ADDRESS_CHANGED if changed else audit.CODE_SENT
        audit.write([(before, row, row)], actor=user, event=event)
        return row


def code_resend(user: User, channel: str) -> Address:
    """Send a new code to the person's unverified address (at most once a minute)."""
    now = timezone.now()
    with transaction.atomic():
        address = Address.objects.select_for_update().filter(user=user, channel=channel).first()
        if address is None:
            raise ValidationFailed(_("Give the address first."))
        if address.verified_at:
            raise ValidationFailed(_("This address is already verified."))
        _too_soon(address, now)
        code = f"{secrets.randbelow(10**6):06d}"
        _send_code(address, code)

        def change(r: Address) -> None:
            r.code_hash = _code_hash(r, code)
            r.code_sent_at = now
            r.attempts = 0

        return audit.saved(address, change, actor=user, event=audit.CODE_SENT)


def code_confirm(user: User, channel: str, code: str) -> Address:
    """Verify the person's address with the code sent to it.

    A code is valid 10 minutes; after 5 wrong tries a new one must be asked for. A wrong
    code counts its try (and is then refused); a right one verifies the address.
    """
    now = timezone.now()
    with transaction.atomic():
        address = Address.objects.select_for_update().filter(user=user, channel=channel).first()
        if address is None or not address.code_hash:
            raise ValidationFailed(_("Ask for a code first."), field="code")
        if address.code_sent_at is None or now - address.code_sent_at > CODE_VALID:
            raise ValidationFailed(_("The code has expired; ask for a new one."), field="code")
        if address.attempts >= CODE_TRIES:
            raise ValidationFailed(
                _("Too many wrong codes were entered; ask for a new one."), field="code"
            )
        if hmac.compare_digest(_code_hash(address, code.strip()), address.code_hash):

            def verify(r: Address) -> None:
                r.verified_at = now
                r.code_hash = ""
                r.attempts = 0

            return audit.saved(address, verify, actor=user, event=audit.ADDRESS_VERIFIED)

        def count(r: Address) -> None:
            r.attempts += 1

        # The wrong try is kept (committed) before the refusal.
        audit.saved(address, count, actor=user, event=audit.CODE_WRONG)
    left = CODE_TRIES - address.attempts
    raise ValidationFailed(
        ngettext(
            "The code is not right; %(left)s try left.",
            "The code is not right; %(left)s tries left.",
            left,
        )
        % {"left": left}
        if left
        else _("The code is not right, and no tries are left; ask for a new one."),
        field="code",
    )


def address_remove(user: User, channel: str) -> bool:
    """Forget the person's address: nothing is sent there any more."""
    address = Address.objects.filter(user=user, channel=channel).first()
    if address is None:
        return False
    with transaction.atomic(), audit.unlogged():
        audit.write([(address, None, address)], actor=user, event=audit.ADDRESS_REMOVED)
        address.delete()
    return True


def known_kinds(codes: Iterable[str]) -> list[str]:
    """The codes among the registered kinds, in their order."""
    wanted = set(codes)
    return [kind.code for kind in kinds.all_kinds() if kind.code in wanted]
