"""What the payment-roll API reads and answers: rolls, their lines, summary and gaps."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema

from guanai.api.benefits import (
    MoneyOut,
    MonthlyCode,
    user_name,
)
from guanai.api.schemas import (
    Id,
    RefOut,
    Text200,
    Text300,
)
from guanai.api.types import Bool
from guanai.benefits import catalogue
from guanai.benefits.models import LineKind, PaymentRoll, RollLine, RollStatus
from guanai.core.masking import mask_account, mask_id
from guanai.core.money import SignedMoneyIn
from guanai.registry.purpose import PURPOSE_MAX

MonthText = Annotated[
    str,
    Field(
        pattern=r"^20\d\d-(0[1-9]|1[0-2])$", description="A month: 2026-03.", examples=["2026-03"]
    ),
]


class RollOut(Schema):
    id: int
    org_unit: RefOut
    month: str = Field(description="2026-03")
    status: RollStatus
    locked: bool = Field(description="Approved: nothing on it changes any more.")
    lines_count: int
    persons_count: int
    total: MoneyOut
    generated_at: datetime | None
    generated_by: str
    submitted_at: datetime | None
    submitted_by: str
    approved_at: datetime | None
    approved_by: str
    review_note: str = Field(description="Why a leader sent it back, until submitted again.")
    version: int

    @staticmethod
    def resolve_org_unit(obj: PaymentRoll) -> dict[str, Any]:
        return {"id": obj.org_unit_id, "name": obj.org_unit.name}

    @staticmethod
    def resolve_month(obj: PaymentRoll) -> str:
        return f"{obj.month:%Y-%m}"

    @staticmethod
    def resolve_generated_by(obj: PaymentRoll) -> str:
        return user_name(obj.generated_by)

    @staticmethod
    def resolve_submitted_by(obj: PaymentRoll) -> str:
        return user_name(obj.submitted_by)

    @staticmethod
    def resolve_approved_by(obj: PaymentRoll) -> str:
        return user_name(obj.approved_by)


class SummaryOut(Schema):
    item: str
    label: str
    lines: int
    amount: str


class GapOut(Schema):
    person: RefOut
    org_unit: RefOut
    reason: str


class RollDetailOut(RollOut):
    summary: list[SummaryOut] = Field(description="Lines and amount by item.")
    accounts_missing: int = Field(description="Persons on the roll without a payment account.")
    gaps: list[GapOut] = Field(
        description="Persons of the unit left off for a detail the rules need (e.g. an "
        "orphan's support mode not recorded): nobody is left out silently."
    )


class LineOut(Schema):
    id: int
    person: RefOut
    id_number_masked: str
    org_unit: RefOut
    item: str
    label: str
    kind: LineKind
    quantity: int
    rate: MoneyOut
    amount: MoneyOut
    source: str = Field(description="The standard applied: national, or the unit's version.")
    note: str
    adjusts_id: int | None = Field(description="The line of an approved roll it corrects.")
    bank: str
    account_masked: str
    holder: str

    @staticmethod
    def resolve_person(obj: RollLine) -> dict[str, Any]:
        return {"id": obj.person_id, "name": obj.person.name}

    @staticmethod
    def resolve_id_number_masked(obj: RollLine) -> str:
        return mask_id(obj.person.id_number)

    @staticmethod
    def resolve_org_unit(obj: RollLine) -> dict[str, Any]:
        return {"id": obj.org_unit_id, "name": obj.org_unit.name}

    @staticmethod
    def resolve_label(obj: RollLine) -> str:
        return str(catalogue.item(obj.item).label)

    @staticmethod
    def resolve_source(obj: RollLine) -> str:
        version = obj.policy_rate
        if version is None:
            return _("national standard")
        return _("standard of %(unit)s from %(day)s") % {
            "unit": version.org_unit.name,
            "day": f"{version.effective_from:%Y-%m-%d}",
        }

    @staticmethod
    def resolve_bank(obj: RollLine) -> str:
        account = getattr(obj.person, "payment_account", None)
        return "" if account is None else account.bank

    @staticmethod
    def resolve_account_masked(obj: RollLine) -> str:
        account = getattr(obj.person, "payment_account", None)
        return "" if account is None else mask_account(account.account_number)

    @staticmethod
    def resolve_holder(obj: RollLine) -> str:
        account = getattr(obj.person, "payment_account", None)
        return "" if account is None else account.holder


class RollQuery(Schema):
    org_unit: Id | None = Field(None, description="Rolls of this unit.")
    month: MonthText | None = None
    status: RollStatus | None = None


class RollIn(Schema):
    org_unit_id: Id
    month: MonthText


class VersionIn(Schema):
    version: int = Field(description="The roll's version as read; another one answers 409.")


class ReturnIn(Schema):
    note: Text300 = Field(description="What to correct, shown on the roll.")


class AdjustmentIn(Schema):
    person_id: Id
    item: MonthlyCode
    amount: SignedMoneyIn = Field(
        description='Positive to pay more, negative to take back: "-600.00".'
    )
    note: Text200
    adjusts_id: Id | None = Field(None, description="The line of an approved roll it corrects.")


class ExportIn(Schema):
    full_numbers: Bool = Field(
        False,
        description="Full ID and account numbers, as the bank needs them (leaders and workers "
        "of the unit only; 403 for the others). Masked otherwise.",
    )
    purpose: str = Field(
        description=f"Why the roll is exported (1–{PURPOSE_MAX} characters); audited."
    )
