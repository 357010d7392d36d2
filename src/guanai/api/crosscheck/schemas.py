"""What the cross-checks API reads and writes, shared by its modules.

Names start with ``Crosscheck`` (the OpenAPI components are keyed by class name). A person
is named by id and name only; a finding about someone not registered by the name the list
wrote. No ID number and no ID hash is ever answered: a list's rejected rows say the row,
the field and the reason, a finding what the list said and what the file holds.
"""

# No `from __future__ import annotations`: ninja builds its models from these classes and
# cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema

from guanai.api.schemas import PersonRefOut, UnitRefOut
from guanai.crosscheck.models import CheckList, Finding, FindingKind, FindingStatus, ListKind
from guanai.crosscheck.texts import explain

__all__ = [
    "CrosscheckFindingDetailOut",
    "CrosscheckFindingOut",
    "CrosscheckListDetailOut",
    "CrosscheckListOut",
    "CrosscheckRejectOut",
    "Version",
    "finding_detail_out",
    "list_detail_out",
]

# The version read (optimistic locking): a stale one is answered 409.
Version = Annotated[int, Field(ge=1, le=2**31 - 1, description="The version read.")]


def _name(user: Any) -> str:
    return "" if user is None else user.full_name


class CrosscheckListOut(Schema):
    id: int
    unit: UnitRefOut = Field(description="The unit whose subtree the list was compared with.")
    kind: ListKind
    source: str = Field(description="The agency that issued the list.")
    purpose: str
    as_of: date = Field(description="The list's date.")
    file_name: str
    uploaded_by: str = Field(description="Empty when uploaded by the system (a command).")
    uploaded_at: datetime
    rows: int
    rejected: int = Field(description="Rows refused, each with its reason (not matched).")
    matched: int = Field(description="Rows matched with a person of the unit's subtree.")
    not_found: int
    out_of_scope: int = Field(
        description="Rows matched with a person outside the unit: counted only."
    )
    findings: dict[str, int] = Field(description="Findings of this upload per kind.")
    rows_purged_at: datetime | None = Field(
        description="When the rows were deleted at the end of the retention period."
    )

    @staticmethod
    def resolve_unit(obj: CheckList) -> UnitRefOut:
        return UnitRefOut(id=obj.org_unit_id, name=obj.org_unit.name)

    @staticmethod
    def resolve_uploaded_by(obj: CheckList) -> str:
        return _name(obj.uploaded_by)


class CrosscheckRejectOut(Schema):
    row: int = Field(description="The row number as the spreadsheet shows it.")
    field: str
    reason: str


class CrosscheckListDetailOut(CrosscheckListOut):
    rejects: list[CrosscheckRejectOut]
    warnings: list[str]
    file_kept: bool = Field(description="Whether the file is kept (encrypted) until the rows go.")

    @staticmethod
    def resolve_rejects(obj: CheckList) -> list[CrosscheckRejectOut]:
        return [
            CrosscheckRejectOut(row=r["row"], field=r["field"], reason=r["reason"])
            for r in obj.rejects
        ]

    @staticmethod
    def resolve_warnings(obj: CheckList) -> list[str]:
        return [str(w) for w in obj.warnings]

    @staticmethod
    def resolve_file_kept(obj: CheckList) -> bool:
        return bool(obj.stored_file)


def list_detail_out(check_list: CheckList) -> CrosscheckListDetailOut:
    return CrosscheckListDetailOut.from_orm(check_list)


class CrosscheckFindingOut(Schema):
    id: int
    version: int
    kind: FindingKind
    list_kind: ListKind
    urgent: bool
    unit: UnitRefOut = Field(description="The unit that works the finding.")
    person: PersonRefOut | None = Field(description="None for someone not registered.")
    name: str = Field(description="The name the list wrote.")
    status: FindingStatus
    found_at: datetime
    resolved_at: datetime | None
    first_list_id: int
    last_list_id: int = Field(description="The latest list that found it.")

    @staticmethod
    def resolve_unit(obj: Finding) -> UnitRefOut:
        return UnitRefOut(id=obj.org_unit_id, name=obj.org_unit.name)

    @staticmethod
    def resolve_person(obj: Finding) -> PersonRefOut | None:
        person = obj.person
        return None if person is None else PersonRefOut(id=person.pk, name=person.name)


class CrosscheckFindingDetailOut(CrosscheckFindingOut):
    explanation: str = Field(description="What was found and what to do, in the caller's language.")
    facts: dict[str, Any] = Field(description="What the list said and what the file held.")
    resolution: str = Field(description="How it was fixed, or why it is not an error.")
    resolved_by: str = Field(description="Empty when closed by a re-check.")
    fix_url: str = Field(description="The page where the fix was made, when known.")

    @staticmethod
    def resolve_explanation(obj: Finding) -> str:
        return explain(obj)

    @staticmethod
    def resolve_resolved_by(obj: Finding) -> str:
        return _name(obj.resolved_by)


def finding_detail_out(finding: Finding) -> CrosscheckFindingDetailOut:
    return CrosscheckFindingDetailOut.from_orm(finding)
