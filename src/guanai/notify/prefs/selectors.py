"""What a person chose and which addresses they verified; a unit's robot.

``chosen_channels`` is the one rule for the channels of a kind besides the inbox: the person's
stored choice, else the defaults (e-mail on; SMS on for the urgent kinds). The page, its
service, the API, the digests and ``channels_for`` all ask it, so that what the page shows
ticked is what is sent. ``channels_for`` and ``verified_address`` are what the sending side
asks: the e-mail and SMS of a kind count only once the matching address is verified.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import Http404

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.accounts.scoping import AnyUser
from guanai.notify import kinds
from guanai.notify.models import Address, Channel, Preference, UnitWebhook, UserSettings
from guanai.orgs.models import OrgUnit

# The channels a person chooses per kind; the in-app inbox is always on.
CHOSEN = (Channel.EMAIL, Channel.SMS)


@dataclass(frozen=True)
class Channels:
    """Whether a kind goes to a person by e-mail and by SMS (the inbox it always reaches)."""

    email: bool
    sms: bool

    def has(self, channel: str) -> bool:
        if channel == Channel.EMAIL:
            return self.email
        return self.sms if channel == Channel.SMS else False


def default_channels(kind: kinds.Kind | None) -> Channels:
    """A kind's channels until the person chooses: e-mail, and SMS for an urgent kind (a kind
    since removed: e-mail only)."""
    return Channels(email=True, sms=bool(kind and kind.urgent))


def chosen_channels(kind_code: str, preference: Preference | None) -> Channels:
    """The kind's channels for a person: their stored row for it, else the defaults.

    No query: the caller reads the rows (one query for everyone) and asks this per kind. The
    master switches still gate what is sent: nothing goes to an address not verified, and the
    digest goes by e-mail or SMS only with the person's digest switches (``UserSettings``).
    """
    if preference is None:
        return default_channels(kinds.get(kind_code))
    return Channels(email=preference.email, sms=preference.sms)


def channels_for(user_ids: Iterable[int], kind: str) -> dict[int, set[str]]:
    """For each person, the channels besides the inbox that ``kind`` reaches them by: those
    on for it (``chosen_channels``) whose address is verified; none if they switched the kind
    off. Every person asked has an entry (an empty set when none). Whether the kind reaches a
    person without a row at all (their roles) is ``notify.selectors.recipients_enabled``'s
    question. Two queries, whatever the number of persons."""
    wanted = set(user_ids)
    found: dict[int, set[str]] = {pk: set() for pk in wanted}
    if not wanted:
        return found
    rows = {p.user_id: p for p in Preference.objects.filter(user_id__in=wanted, kind=kind)}
    verified = Address.objects.filter(
        user_id__in=wanted, channel__in=CHOSEN, verified_at__isnull=False
    ).values_list("user_id", "channel")
    for pk, channel in verified:
        row = rows.get(pk)
        if row is not None and not row.enabled:
            continue
        if chosen_channels(kind, row).has(channel):
            found[pk].add(str(channel))
    return found


def verified_address(user: User | int, channel: str) -> str | None:
    """The person's verified e-mail address or mobile number for ``channel``, else None."""
    pk = user if isinstance(user, int) else user.pk
    address = Address.objects.filter(user_id=pk, channel=channel, verified_at__isnull=False).first()
    return address.value if address else None


def addresses_of(user: User) -> dict[str, Address]:
    """The person's addresses by channel ("email", "sms"), verified or not (one query)."""
    return {a.channel: a for a in Address.objects.filter(user=user, channel__in=CHOSEN)}


def address_of(user: User, channel: str) -> Address | None:
    return Address.objects.filter(user=user, channel=channel).first()


def settings_of(user: User) -> UserSettings:
    """The person's digest settings (the defaults, unsaved, until they save theirs)."""
    found = UserSettings.objects.filter(user=user).first()
    return found or UserSettings(user=user)


@dataclass(frozen=True)
class KindRow:
    kind: kinds.Kind
    default: bool
    enabled: bool
    email: bool
    sms: bool
    # Among the kinds of the person's roles (or one they switched on themselves).
    relevant: bool


def kind_rows(user: User) -> list[KindRow]:
    """Every registered kind with the person's choice (or its default), in the groups' order:
    on or off, and the channels as ``chosen_channels`` has them (one query for the choices;
    the roles are cached on the user)."""
    roles = {str(role) for role in scoping.roles(user)}
    chosen = {p.kind: p for p in Preference.objects.filter(user=user)}
    rows = []
    for kind in sorted(kinds.choosable(), key=lambda k: kinds.GROUPS.index(k.group)):
        default = kinds.default_on(kind, roles)
        row = chosen.get(kind.code)
        enabled = row.enabled if row else default
        channels = chosen_channels(kind.code, row)
        rows.append(
            KindRow(
                kind=kind,
                default=default,
                enabled=enabled,
                email=channels.email,
                sms=channels.sms,
                relevant=default or enabled,
            )
        )
    return rows


def led_units(user: AnyUser) -> list[OrgUnit]:
    """The units the person leads: their robots are theirs to set (no query)."""
    return scoping.units_for(user, [Role.LEADER])


def unit_to_lead(user: AnyUser, unit_id: int) -> OrgUnit:
    """A unit within the person's leading scope, else 404 (as if it did not exist)."""
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None or not scoping.holds_role_over(user, unit, [Role.LEADER]):
        raise Http404
    return unit


def webhook_of(unit: OrgUnit) -> UnitWebhook | None:
    return UnitWebhook.objects.filter(unit=unit).first()


def masked_email(value: str) -> str:
    """``a***@example.org``: the first character of the name and the domain."""
    name, at, domain = value.partition("@")
    if not at:
        return "***"
    return f"{name[:1]}***@{domain}"


def masked_webhook(url: str) -> str:
    """The robot's address with its key hidden but the last 4 characters."""
    head, sep, key = url.partition("key=")
    if sep:
        return f"{head}key=****{key[-4:] if len(key) > 8 else ''}"
    scheme, slashes, rest = url.partition("://")
    host, _slash, tail = rest.partition("/")
    return f"{scheme}{slashes}{host}/****{tail[-4:] if len(tail) > 8 else ''}"
