"""The supervision API's schemas (``api/governance/supervision.py``)."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from guanai.api.pagination import Pages
from guanai.api.schemas import (
    Id,
    PlainText,
    Text100,
    Text200,
    Text1000,
    Text2000,
    UnitRefOut,
)
from guanai.api.types import Date
from guanai.governance.models import (
    CheckVerdict,
    RectificationStatus,
    ReportDecision,
)

Version = Annotated[int, Field(ge=1, le=2**31 - 1, description="The version read.")]
Text60 = Annotated[PlainText, Field(max_length=60)]
Text500 = Annotated[PlainText, Field(max_length=500)]
Text3000 = Annotated[PlainText, Field(max_length=3000)]


class GovernanceVisitOut(Schema):
    id: int
    version: int
    org_unit: UnitRefOut = Field(description="The supervising unit (the office).")
    inspected: UnitRefOut = Field(description="The unit visited.")
    visited_on: date
    team: str
    findings: int
    open: int = Field(description="Findings not yet accepted.")
    overdue: int = Field(description="Findings overdue today.")


class GovernanceVisitPage(Schema):
    items: list[GovernanceVisitOut]
    count: int


class GovernanceCheckOut(Schema):
    label: str
    source: str = Field(description='Where the figure came from, e.g. "kpi:pairing_coverage".')
    figure: str
    verdict: CheckVerdict


class GovernanceRectificationOut(Schema):
    id: int
    version: int
    org_unit: UnitRefOut = Field(description="The unit to rectify.")
    finding: str
    required: str
    deadline: date
    status: RectificationStatus
    days_overdue: int | None = Field(description="Days past the deadline, when overdue today.")
    rectified_on: date | None
    on_time: bool = Field(description="Accepted on a report sent by the deadline.")


class GovernanceVisitDetailOut(GovernanceVisitOut):
    summary: str
    checks: list[GovernanceCheckOut]
    rectifications: list[GovernanceRectificationOut]


class GovernancePhotoOut(Schema):
    id: int
    url: str


class GovernanceReportOut(Schema):
    id: int
    text: str
    link: str
    submitted_on: date
    decision: ReportDecision
    decision_note: str
    decided_at: datetime | None
    photos: list[GovernancePhotoOut]


class GovernanceRectificationDetailOut(GovernanceRectificationOut):
    visit_id: int
    office: UnitRefOut = Field(description="The unit that made the visit.")
    accepted_at: datetime | None
    reports: list[GovernanceReportOut]


class GovernanceLineOut(Schema):
    label: str
    source: str
    figure: str
    short: bool = Field(description="Below the unit's target, or reports late or missing.")


class GovernanceVisitQuery(Pages.Input):
    unit_id: Id | None = Field(None, description="Visits made or received in this unit's subtree.")
    year: int | None = Field(None, ge=1900, le=2999)


class GovernanceCheckIn(Schema):
    label: Text200
    source: Text60 = ""
    figure: Text100 = ""
    verdict: CheckVerdict = CheckVerdict.OK
    note: Text500 = ""


class GovernanceFindingIn(Schema):
    id: Id | None = Field(None, description="A finding of the visit, when changing it.")
    finding: Text1000
    required: Text1000
    deadline: Date
    org_unit_id: Id | None = Field(None, description="The unit visited when left out.")


class GovernanceVisitIn(Schema):
    org_unit_id: Id = Field(description="The supervising unit.")
    inspected_id: Id = Field(description="A unit below it.")
    visited_on: Date
    team: Text200
    summary: Text3000 = ""
    checks: list[GovernanceCheckIn] = Field(default_factory=list, max_length=100)
    findings: list[GovernanceFindingIn] = Field(default_factory=list, max_length=100)


class GovernanceVisitUpdateIn(GovernanceVisitIn):
    version: Version


class GovernanceReportIn(Schema):
    version: Version
    text: Text2000
    link: Text200 = Field(
        "", description="The address of a page of Guanai, e.g. /registry/persons/12/."
    )


class GovernanceAcceptIn(Schema):
    version: Version
    note: Text500 = ""


class GovernanceReturnIn(Schema):
    version: Version
    reason: Text500
