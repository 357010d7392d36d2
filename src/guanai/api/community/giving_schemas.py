"""The schemas of the giving API (``api.community.giving``).

A need is shown without the person it may be for (the board is read by volunteer groups);
a donor's phone number is never given back.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from guanai.api.schemas import Id, Text40, Text100, Text2000, UnitRefOut
from guanai.api.types import Bool, Date
from guanai.community import giving
from guanai.community.models.giving import (
    Campaign,
    CharityFund,
    Destination,
    Donation,
    DonationKind,
    DonorKind,
    FundDirection,
    FundEntry,
    Grant,
    GrantStatus,
    Need,
    Urgency,
)
from guanai.core.money import OptionalMoneyIn, round_fen


def _unit(unit_id: int, name: str) -> dict[str, Any]:
    return {"id": unit_id, "name": name}


class NeedQuery(Schema):
    unit_id: Id | None = Field(None, description="The needs of this unit's subtree.")
    all: Bool = Field(False, description="Met needs too (by default only those not yet met).")


class NeedOut(Schema):
    id: int
    unit: UnitRefOut
    item: str
    quantity: int
    measure: str
    estimated_value: Decimal | None
    urgency: Urgency
    why: str
    posted_on: date
    status: giving.NeedStatus = Field(description="Derived from the goods matched to it.")
    given: int
    remaining: int
    surplus: int = Field(description="Given beyond the need.")

    @staticmethod
    def resolve_unit(obj: Need) -> dict[str, Any]:
        return _unit(obj.org_unit_id, obj.org_unit.name)

    @staticmethod
    def resolve_status(obj: Need) -> str:
        return giving.progress_of(obj).status

    @staticmethod
    def resolve_given(obj: Need) -> int:
        return giving.progress_of(obj).given

    @staticmethod
    def resolve_remaining(obj: Need) -> int:
        return giving.progress_of(obj).remaining

    @staticmethod
    def resolve_surplus(obj: Need) -> int:
        return giving.progress_of(obj).surplus


class MatchOut(Schema):
    id: int
    donation_id: int
    need_id: int
    donor: str = Field(description="The donor's name; an anonymous one as 爱心人士.")
    quantity: int
    on: date

    @staticmethod
    def resolve_donor(obj: Any) -> str:
        return giving.donor_label(obj.donation)

    @staticmethod
    def resolve_on(obj: Any) -> date:
        return obj.donation.on


class NeedDetailOut(NeedOut):
    matches: list[MatchOut]

    @staticmethod
    def resolve_matches(obj: Need) -> list[Any]:
        return list(giving.matches_of(obj))


class NeedIn(Schema):
    unit_id: Id
    item: Text2000
    quantity: int = Field(ge=-(2**31), le=2**31 - 1)
    measure: Text40 = Field(description="台, 套, 张, 元 …")
    estimated_value: OptionalMoneyIn = None
    urgency: Urgency = Urgency.SOON
    why: Text2000 = ""
    posted_on: Date | None = Field(None, description="Today when left out.")
    person_id: Id | None = Field(None, description="The person the need is for, if any.")


class DonationOut(Schema):
    id: int
    unit: UnitRefOut = Field(description="The unit that received it.")
    donor_kind: DonorKind
    donor: str = Field(description="The donor's name; an anonymous one as 爱心人士.")
    kind: DonationKind
    amount: Decimal | None
    item: str
    quantity: int | None
    measure: str
    value: Decimal | None
    on: date
    destination: Destination
    need_id: int | None
    person_id: int | None
    fund_id: int | None
    campaign_id: int | None
    visit_id: int | None
    receipt_number: str
    acknowledged_on: date | None

    @staticmethod
    def resolve_unit(obj: Donation) -> dict[str, Any]:
        return _unit(obj.org_unit_id, obj.org_unit.name)

    @staticmethod
    def resolve_donor(obj: Donation) -> str:
        return giving.donor_label(obj)


class DonationIn(Schema):
    destination: Destination
    unit_id: Id | None = Field(None, description="For a donation to a unit.")
    need_id: Id | None = Field(None, description="For goods given for a need.")
    person_id: Id | None = Field(None, description="For a donation to a person.")
    fund_id: Id | None = Field(None, description="For cash given to a charity fund.")
    campaign_id: Id | None = Field(None, description="The fund's campaign it was given to.")
    visit_id: Id | None = Field(
        None,
        description="The volunteer visit on which it was received: a volunteer signed up for "
        "it records it, for the host unit or one of its needs only.",
    )
    donor_kind: DonorKind
    donor_name: Text2000 = ""
    donor_phone: Text40 = Field("", description="Kept encrypted; never given back.")
    kind: DonationKind
    amount: OptionalMoneyIn = None
    item: Text2000 = ""
    quantity: int | None = Field(None, ge=-(2**31), le=2**31 - 1)
    measure: Text40 = ""
    value: OptionalMoneyIn = None
    on: Date | None = Field(None, description="Today when left out.")
    receipt_number: Text100 = ""
    acknowledged_on: Date | None = None


class MatchIn(Schema):
    need_id: Id
    quantity: int = Field(ge=-(2**31), le=2**31 - 1)


class AcknowledgementIn(Schema):
    on: Date | None = Field(None, description="Today when left out.")


class FundOut(Schema):
    id: int
    unit: UnitRefOut
    name: str
    balance: Decimal
    opened_on: date
    charity_day: str = Field(description="Month and day of the charity day: 11-19.")
    version: int

    @staticmethod
    def resolve_unit(obj: CharityFund) -> dict[str, Any]:
        return _unit(obj.org_unit_id, obj.org_unit.name)

    @staticmethod
    def resolve_charity_day(obj: CharityFund) -> str:
        return f"{obj.charity_month:02d}-{obj.charity_day:02d}"


class FundIn(Schema):
    unit_id: Id
    name: Text2000
    opened_on: Date | None = Field(None, description="Today when left out.")
    charity_month: int = Field(11, ge=1, le=12)
    charity_day: int = Field(19, ge=1, le=31)


class CharityDayIn(Schema):
    version: int
    charity_month: int = Field(ge=1, le=12)
    charity_day: int = Field(ge=1, le=31)


class CampaignIn(Schema):
    year: int = Field(ge=2000, le=2200)


class CampaignOut(Schema):
    id: int
    title: str
    on: date
    cash: Decimal = Field(description="Cash given to it.")
    goods: Decimal = Field(description="Value of goods given to it.")
    donations: int

    @staticmethod
    def resolve_cash(obj: Campaign) -> Decimal:
        return round_fen(Decimal(getattr(obj, "cash", 0)))

    @staticmethod
    def resolve_goods(obj: Campaign) -> Decimal:
        return round_fen(Decimal(getattr(obj, "goods", 0)))

    @staticmethod
    def resolve_donations(obj: Campaign) -> int:
        return getattr(obj, "donations_count", 0)


class FundYearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2200, description="This year when left out.")


class FundEntryOut(Schema):
    id: int
    direction: FundDirection
    on: date
    amount: Decimal
    what: str
    balance_after: Decimal
    donation_id: int | None
    grant_id: int | None

    @staticmethod
    def resolve_what(obj: FundEntry) -> str:
        return obj.what


class StatementOut(Schema):
    fund_id: int
    year: int
    opening: Decimal
    income: Decimal
    spending: Decimal
    closing: Decimal
    entries: list[FundEntryOut]


class MonthFiguresOut(Schema):
    month: str = Field(description="2026-01")
    donations: int
    cash: Decimal
    goods_value: Decimal
    grants: int
    granted: Decimal


class GrantOut(Schema):
    id: int
    fund_id: int
    person_id: int | None
    person_name: str | None
    unit: UnitRefOut | None
    amount: Decimal
    reason: str
    status: GrantStatus
    requested_on: date
    decided_on: date | None
    note: str
    version: int

    @staticmethod
    def resolve_person_name(obj: Grant) -> str | None:
        return obj.person.name if obj.person is not None else None

    @staticmethod
    def resolve_unit(obj: Grant) -> dict[str, Any] | None:
        return None if obj.org_unit is None else _unit(obj.org_unit_id, obj.org_unit.name)  # type: ignore[arg-type]


class GrantIn(Schema):
    amount: OptionalMoneyIn
    reason: Text2000
    person_id: Id | None = None
    unit_id: Id | None = None
    on: Date | None = Field(None, description="Today when left out.")


class GrantDecisionIn(Schema):
    version: int
    approve: Bool
    note: Text2000 = Field("", description="Why, when refused (required then).")
    on: Date | None = Field(None, description="Today when left out.")
