"""Benefits (政策扶助) through the API: the policy standards, and what the other benefits
modules share. A person's benefits, entitlements and account are in ``benefits_persons``,
payment rolls in ``benefits_rolls``, medical claims and the calculator in
``benefits_claims``.

Scoped like the pages: benefits data is for the roster roles (leader, worker, viewer of
a unit containing the data's unit) and anything outside is not found (404). Writes are
for leaders and workers, standards for leaders (403 for the others).

Money is text both ways: send "1234.50" — or what a clerk types, "1,234.5", "¥80",
"1000元", or a whole number — and read "1234.50" (``core.money``). A JSON number with a
fraction or an exponent is refused (400), because a float has lost the fen before it
arrives; so are "1e6", "1_000" and a third decimal. A standard is sent and read as text,
an amount or, for a ratio, a percentage, "70" for 70 %, as the pages show it.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import PlainSerializer

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.schemas import (
    WRITE_ERRORS,
    Id,
    PlainText,
    RefOut,
    Text200,
)
from guanai.api.types import Date
from guanai.benefits import catalogue, policies
from guanai.benefits.catalogue import Item, Kind
from guanai.benefits.models import PolicyRate
from guanai.core.errors import PermissionRefused
from guanai.core.money import percent, round_fen
from guanai.orgs.models import OrgUnit

router = Router(tags=["benefits"])

# A standard: yuan, or a percentage for a ratio; text, read by ``policies`` with the one
# money reader (``core.money.parse_money``).
StandardText = Annotated[
    PlainText,
    Field(
        max_length=30,
        description='Yuan as text, e.g. "650.00"; for a ratio the percentage, e.g. "75".',
        examples=["650.00"],
    ),
]
# The catalogue's items and its monthly ones, as enumerations so the schema lists them.
ItemCode = StrEnum("ItemCode", [(e.code, e.code) for e in catalogue.ITEMS])  # type: ignore[misc]
# Amounts read from the database, written as text with two places: "1234.50".
MoneyOut = Annotated[Decimal, PlainSerializer(lambda v: str(round_fen(v)), return_type=str)]
MonthlyCode = StrEnum("MonthlyCode", [(e.code, e.code) for e in catalogue.MONTHLY_ITEMS])  # type: ignore[misc]


def user_name(user: User | None) -> str:
    return "" if user is None else user.get_full_name()


def money(value: Decimal) -> str:
    """Return an amount as the API writes it: "1234.50"."""
    return str(round_fen(value))


def amount_text(entry: Item, amount: Decimal) -> str:
    """Return a standard as it is entered: yuan ("600.00"), or a percentage ("70")."""
    if entry.kind is Kind.RATIO:
        return percent(amount).removesuffix("%")
    return money(amount)


def reader(request: HttpRequest) -> User:
    """Return the caller, refusing (403) all but leaders, workers and viewers, as the pages do."""
    user = acting_user(request)
    if not scoping.has_role(user, *scoping.ROSTER_ROLES):
        raise PermissionRefused(_("Benefits are for the leaders, workers and viewers of a unit."))
    return user


def roster_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units whose benefits data the user may read (roster roles' subtrees)."""
    return OrgUnit.objects.filter(scoping.roster_subtree_q(user, field="path"))


def access_roster_unit(user: AnyUser, pk: int) -> OrgUnit:
    """Return a unit whose benefits the user may read, or raise Http404."""
    return get_object_or_404(roster_units(user), pk=pk)


# --- Policy standards ----------------------------------------------------------------------


class VersionOut(Schema):
    """A unit's version of a standard, from its effective date on."""

    id: int
    item: str
    org_unit: RefOut
    effective_from: date
    amount: str = Field(description='Yuan ("650.00"), or a percentage ("70") for ratios.')
    display: str
    note: str
    created_by: str
    created_at: datetime


class PolicyOut(Schema):
    """One item of the catalogue and the standard in effect for the unit on the day."""

    item: str
    label: str
    kind: str = Field(description="monthly, ratio, yearly_cap, lump or daily.")
    amount: str = Field(description='Yuan ("600.00"), or a percentage ("70") for ratios.')
    display: str
    source: str = Field(description="The plan's national standard, or the unit that raised it.")
    version_id: int | None = Field(description="The version in effect; null: national default.")
    versions: list[VersionOut] = Field(
        description="Every version set by the unit and the units above it, newest first."
    )


class PolicyQuery(Schema):
    org_unit: Id = Field(description="The unit whose standards to show.")
    on: Date | None = Field(None, description="The day; today when left out.")


class PolicyIn(Schema):
    item: ItemCode
    org_unit_id: Id
    effective_from: Date
    amount: StandardText
    note: Text200 = Field("", description="The decision behind it, e.g. 县政府2026年第12号文.")


def _version_out(version: PolicyRate) -> VersionOut:
    entry = catalogue.item(version.item)
    return VersionOut(
        id=version.pk,
        item=version.item,
        org_unit=RefOut(id=version.org_unit_id, name=version.org_unit.name),
        effective_from=version.effective_from,
        amount=amount_text(entry, version.amount),
        display=policies.show(entry, version.amount),
        note=version.note,
        created_by=user_name(version.created_by),
        created_at=version.created_at,
    )


@router.get("/benefits/policies", response={200: list[PolicyOut], **AUTH_ERRORS, 404: ErrorOut})
def policy_list(request: HttpRequest, filters: Query[PolicyQuery]) -> list[PolicyOut]:
    """List every item of the catalogue with the unit's standard on ``on`` and its history.

    The standard is the highest of the national default and the versions of the unit and
    the units above it (篇五 总则(六): a higher local standard prevails).
    """
    unit = access_roster_unit(reader(request), filters.org_unit)
    on = filters.on or timezone.localdate()
    rates = policies.rates_for(unit, on)
    versions: dict[str, list[VersionOut]] = {}
    for version in policies.history(unit):
        versions.setdefault(version.item, []).append(_version_out(version))
    return [
        PolicyOut(
            item=entry.code,
            label=str(entry.label),
            kind=entry.kind.value,
            amount=amount_text(entry, rates[entry.code].amount),
            display=rates[entry.code].display,
            source=rates[entry.code].source,
            version_id=None if rates[entry.code].version is None else rates[entry.code].version.pk,  # type: ignore[union-attr]
            versions=versions.get(entry.code, []),
        )
        for entry in catalogue.ITEMS
    ]


@router.post("/benefits/policies", response={201: VersionOut, **WRITE_ERRORS, **AUTH_ERRORS})
def policy_add(request: HttpRequest, payload: PolicyIn) -> Status:
    """Set a new version of a standard for a unit's subtree from a date (leaders).

    A standard lower than the one the units above set for that date is refused (400).
    """
    user = reader(request)
    unit = access_roster_unit(user, payload.org_unit_id)
    version = policies.policy_rate_add(
        acting_user=user,
        org_unit=unit,
        item=payload.item.value,
        effective_from=payload.effective_from,
        amount=payload.amount,
        note=payload.note,
    )
    return Status(201, _version_out(version))
