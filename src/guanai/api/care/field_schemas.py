"""The schemas of field work offline through the API (``field``): the sync and the outbox."""

# No `from __future__ import annotations`: ninja builds its models from these annotations.

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import BeforeValidator

from guanai.api.schemas import Id, Small
from guanai.api.text import PlainText
from guanai.api.types import Date
from guanai.care.field import HASH_LENGTH, HAVE_MAX
from guanai.care.models import CareKind, Parent


def _blank_is_none(value: Any) -> Any:
    """Read a form field sent empty (the phone's FormData leaves none out) as not given."""
    return None if isinstance(value, str) and not value.strip() else value


Rating = Annotated[
    Small | None,
    BeforeValidator(_blank_is_none),
    Field(description="1 (worrying) to 5 (good), or empty."),
]


class FieldSyncIn(Schema):
    have: dict[str, str] = Field(
        default_factory=dict,
        description=f"The cards the phone holds: person id → the card's hash ({HASH_LENGTH} "
        f"hex digits), at most {HAVE_MAX}. Empty on the first sync.",
        examples=[{"12": "0123456789abcdef"}],
    )


class FieldGuardianOut(Schema):
    name: str
    relation: str
    phone: str = Field(description="Masked (138****5678), or empty for a role that sees none.")


class FieldContactOut(Schema):
    kind: CareKind
    kind_label: str
    on: date
    author: str


class FieldGoalOut(Schema):
    domain_label: str
    goals: str
    ends_on: date


class FieldWorkItemOut(Schema):
    name: str
    kind: CareKind
    kind_label: str
    status: Literal["due", "overdue", "done"]
    status_label: str
    done: int
    needed: int
    deadline: date | None


class FieldCardOut(Schema):
    id: int
    hash: str = Field(description="Sent back in ``have`` on the next sync.")
    name: str
    gender: Literal["male", "female", ""]
    age: int | None = Field(description="In whole years; the birth date is not sent.")
    categories: list[str]
    place: str = Field(description="School, grade and class; else the village; else the unit.")
    guardian: FieldGuardianOut | None
    risk_level: Literal["high", "medium", "low", ""]
    risk_label: str
    pairing_roles: list[str]
    last_contacts: list[FieldContactOut]
    goals: list[FieldGoalOut]
    work: list[FieldWorkItemOut]


class FieldQuotaOut(Schema):
    name: str
    period_label: str
    status: Literal["due", "overdue", "done"]
    status_label: str
    done: int
    at_least: int
    at_most: int | None


class FieldSyncOut(Schema):
    synced_at: datetime
    today: date
    keep_days: int = Field(description="Clear the cards after so many days without a sync.")
    persons: list[FieldCardOut] = Field(description="The cards new or changed.")
    removed: list[int] = Field(description="Ids of ``have`` no longer on the list: drop them.")
    unchanged: int
    quotas: list[FieldQuotaOut]


class FieldRecordIn(Schema):
    key: UUID = Field(
        description="Made by the phone for this record; the same on every resend.",
        examples=["7c9e6679-7425-40de-944b-e07fc1f0fd2f"],
    )
    person_id: Id
    kind: CareKind
    occurred_on: Date = Field(description="Not in the future.")
    summary: PlainText
    study: Rating = None
    life: Rating = None
    mood: Rating = None
    friends: Rating = None
    health: Rating = None
    needs: PlainText = ""
    follow_up_on: Annotated[Date | None, BeforeValidator(_blank_is_none)] = Field(
        None, description="Not before the record's date."
    )
    parent: Annotated[Parent | None, BeforeValidator(_blank_is_none)] = Field(
        None, description="Which parent; for a family call."
    )
    minutes: Annotated[Small | None, BeforeValidator(_blank_is_none)] = Field(
        None, description="How long; for a family call."
    )


class FieldRecordOut(Schema):
    stored: bool = Field(description="False when the record had arrived before.")
    record_id: int
    detail: str
