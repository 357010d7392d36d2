"""The schemas of the care log's API (``log``): records, the work list, risk levels, rules."""

# No `from __future__ import annotations`: ninja builds its models from these annotations.

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from guanai.api.pagination import MAX_PAGE
from guanai.api.schemas import Id, PersonRefOut, Small, Text100, Text300, UnitRefOut
from guanai.api.text import PlainText
from guanai.api.types import Bool, Date
from guanai.care import risk
from guanai.care.models import (
    CareKind,
    CareRecord,
    FrequencyRule,
    HelperRole,
    Parent,
    Period,
    RiskAssessment,
    RiskLevel,
    RuleTarget,
)
from guanai.care.periods import Status as WorkStatus
from guanai.care.work_filters import SEARCH_MAX
from guanai.registry.models import Category


class AuthorOut(Schema):
    id: int
    full_name: str


class CareRecordOut(Schema):
    id: int
    kind: CareKind
    occurred_on: date
    author: AuthorOut
    persons: list[PersonRefOut] = Field(description="The persons met whom the caller may read.")
    summary: str
    study: int | None
    life: int | None
    mood: int | None
    friends: int | None
    health: int | None
    needs: str
    follow_up_on: date | None
    parent: Parent | Literal[""]
    minutes: int | None
    version: int

    @staticmethod
    def resolve_persons(obj: CareRecord) -> list[PersonRefOut]:
        return [
            PersonRefOut(id=m.person.pk, name=m.person.name)
            for m in obj.visible_met  # type: ignore[attr-defined]
        ]


class RecordQuery(Schema):
    person_id: Id | None = Field(None, description="Only the records of this person.")


class CareRecordIn(Schema):
    person_ids: list[Id] = Field(min_length=1, max_length=50, description="The persons met.")
    kind: CareKind
    occurred_on: Date = Field(description="Not in the future.")
    summary: PlainText
    study: Small | None = Field(None, description="1 (worrying) to 5 (good), or none.")
    life: Small | None = None
    mood: Small | None = None
    friends: Small | None = None
    health: Small | None = None
    needs: PlainText = ""
    follow_up_on: Date | None = Field(None, description="Not before the record's date.")
    parent: Parent | None = Field(None, description="Which parent; for a family call.")
    minutes: Small | None = Field(None, description="How long; for a family call.")


class CareRecordPatchIn(Schema):
    """Only the fields sent change; ``null`` empties an optional field."""

    version: int
    kind: CareKind | None = None
    occurred_on: Date | None = None
    summary: PlainText | None = None
    study: Small | None = None
    life: Small | None = None
    mood: Small | None = None
    friends: Small | None = None
    health: Small | None = None
    needs: PlainText | None = None
    follow_up_on: Date | None = None
    parent: Parent | None = None
    minutes: Small | None = None


class WorkItemOut(Schema):
    rule_id: int
    code: str
    name: str
    status: WorkStatus
    done: int
    needed: int
    deadline: date | None
    inherited: bool


class WorkRowOut(Schema):
    person: PersonRefOut
    risk_level: RiskLevel | Literal[""]
    last_contact: date | None
    items: list[WorkItemOut]


class QuotaOut(Schema):
    rule_id: int
    name: str
    period: Period
    status: WorkStatus
    done: int
    at_least: int
    at_most: int | None


class WorkListOut(Schema):
    today: date
    week_start: date
    week_end: date
    all_units: bool
    count: int = Field(description="Persons on the list, over all pages.")
    page: int
    pages: int
    quotas: list[QuotaOut]
    persons: list[WorkRowOut]


class WorkListQuery(Schema):
    all: Bool = Field(False, description="Leaders and workers: every person of their units.")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    kind: CareKind | None = Field(
        None, description="Only the rules a record of this kind counts for."
    )
    status: WorkStatus | None = Field(None, description="Only the rules in this state.")
    school_class: str | None = Field(
        None,
        alias="class",
        max_length=200,
        description="Only the persons in this class: school id, grade and class, as "
        '"<school id>:<grade>:<class>" (the work list page\'s links use the same).',
    )
    q: str = Field(
        "",
        max_length=SEARCH_MAX,
        description="Only the persons the roster search finds: name, pinyin, initials.",
    )


class RiskOut(Schema):
    id: int
    person_id: int
    level: RiskLevel
    reason: str
    source: str
    state: risk.AssessmentState
    set_by: AuthorOut | None
    set_at: datetime
    decided_by: AuthorOut | None
    confirmed_at: datetime | None

    @staticmethod
    def resolve_state(obj: RiskAssessment) -> str:
        return risk.assessment_state(obj).value

    @staticmethod
    def resolve_decided_by(obj: RiskAssessment) -> object:
        return obj.confirmed_by


class RiskIn(Schema):
    level: RiskLevel
    reason: Text300


class RuleOut(Schema):
    id: int
    org_unit: UnitRefOut
    code: str
    name: str
    target: RuleTarget
    category: Category | Literal[""]
    risk_level: RiskLevel | Literal[""]
    helper_role: HelperRole | Literal[""]
    kinds: list[CareKind] = Field(description="Kinds that count; empty: any kind.")
    period: Period
    days: int | None
    times: int
    times_max: int | None
    source: str
    active: bool
    version: int

    @staticmethod
    def resolve_kinds(obj: FrequencyRule) -> list[str]:
        return obj.kind_list


class RuleInForceOut(Schema):
    inherited: bool = Field(description="Set in a unit above the one asked about.")
    rule: RuleOut


class RuleQuery(Schema):
    unit_id: Id


class RuleFieldsIn(Schema):
    name: Text100
    target: RuleTarget = RuleTarget.PERSON
    category: Category | None = None
    risk_level: RiskLevel | None = None
    helper_role: HelperRole | None = None
    kinds: list[CareKind] = Field(default_factory=list, description="Empty: any kind counts.")
    period: Period
    days: Small | None = Field(None, description="For a period of so many days.")
    times: Small = Field(1, description="At least this many per period.")
    times_max: Small | None = Field(None, description="At most; for a helper's quota.")
    source: Text100 = ""
    active: Bool = Field(True, description="False switches an inherited rule off here.")


class RuleIn(RuleFieldsIn):
    unit_id: Id
    code: Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]{1,40}$")]


class RulePatchIn(RuleFieldsIn):
    version: int
