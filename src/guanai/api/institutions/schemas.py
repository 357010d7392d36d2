"""The schemas of the care institutions API (``api.institutions``)."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from guanai.api.schemas import PlainText, Text50, Text100, Text200, Text2000, UnitRefOut
from guanai.api.types import Bool, Date
from guanai.institutions.models import (
    EvidencePhoto,
    Facility,
    InstitutionCategory,
    InstitutionType,
    ItemStatus,
    Operator,
    Premises,
    StaffRole,
    TrainingKind,
)


class ProfileFields(Schema):
    category: InstitutionCategory = Field(
        InstitutionCategory.CARE,
        description="A care institution, or an elder or welfare home (no checklist).",
    )
    type: InstitutionType
    operator: Operator
    premises: Premises
    lease_years: int | None = Field(None, ge=0, le=32767, description="For leased premises.")
    registration: PlainText = Field("", max_length=500)
    funding_source: Text200 = ""
    sunshine_home: Bool = False
    capacity: int = Field(0, ge=0, le=2**31 - 1, description="Beds or places.")
    facilities: list[Facility] = Field([], max_length=len(Facility.values))
    barrier_free: Bool = False
    fire_certificate: Bool = False
    medical_department: Bool = False


class ProfileIn(ProfileFields):
    type: InstitutionType | None = Field(  # type: ignore[assignment]
        None,
        description="Required for a care institution; an elder or welfare home is "
        "residential unless told otherwise.",
    )
    version: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The version read; none when first entered."
    )


class ProfileOut(ProfileFields):
    version: int


class ChecklistCountsOut(Schema):
    met: int
    not_met: int
    not_applicable: int
    percent: int | None = Field(description="Applicable items met, in whole percent.")


class InstitutionOut(Schema):
    id: int
    name: str
    code: str = Field(description="The unified social credit code.")
    parent: UnitRefOut | None
    profile: ProfileOut | None = Field(description="None until the profile is entered.")
    checklist: ChecklistCountsOut | None


class InstitutionPage(Schema):
    items: list[InstitutionOut]
    count: int


class ChecklistItemOut(Schema):
    ref: str = Field(description="The standard's numbering: 机构-1 … 机构-10, 管理-1 … 专业-5.")
    text: str
    status: ItemStatus
    reason: str
    automatic: bool = Field(description="Decided by the data; else checked by hand.")
    manual: bool = Field(description="Takes evidence for this institution.")
    checked_on: date | None


class StandardOut(Schema):
    code: str
    version: int
    title: str


class TrainingOut(Schema):
    id: int
    on: date
    title: str
    kind: TrainingKind


class QualificationOut(Schema):
    id: int
    title: str
    number: str
    issued_on: date | None
    expires_on: date | None


class StaffFields(Schema):
    name: Text50
    role: StaffRole
    birth_date: Date
    full_time: Bool = True
    relevant_study: Text200 = ""
    is_active: Bool = True


class StaffIn(StaffFields):
    pass


class StaffUpdateIn(StaffFields):
    version: int = Field(ge=1, le=2**31 - 1)


class StaffOut(StaffFields):
    id: int
    institution_id: int
    version: int
    qualifications: list[QualificationOut]
    trainings: list[TrainingOut]


class InstitutionDetailOut(InstitutionOut):
    standard: StandardOut | None
    items: list[ChecklistItemOut] = Field(description="In the standard's order.")
    staff: list[StaffOut]


class TrainingIn(Schema):
    on: Date
    title: Text200
    kind: TrainingKind


class QualificationIn(Schema):
    title: Text100
    number: Text50 = ""
    issued_on: Date | None = None
    expires_on: Date | None = None


class EvidenceIn(Schema):
    status: ItemStatus
    note: Text2000 = ""
    checked_on: Date
    version: int | None = Field(None, ge=1, le=2**31 - 1, description="None when first set.")


class UnmetItemOut(Schema):
    ref: str
    text: str


class OverviewFigures(Schema):
    capacity: int = Field(description="Beds or places.")
    residents: int = Field(description="Admitted and present today.")
    occupancy: Decimal | None = Field(description="Residents ÷ beds in percent; none without.")
    disability_types: list[int] = Field(
        description="Residents present by disability type, 1 视力 … 7 多重, in that order."
    )


class OverviewRowOut(OverviewFigures):
    id: int
    name: str
    parent: UnitRefOut | None
    category: InstitutionCategory | None = Field(description="None until the profile is entered.")
    type: InstitutionType | None
    percent: int | None = Field(description="The checklist's applicable items met, in percent.")
    unmet: list[UnmetItemOut] = Field(description="The checklist's items not met.")


class OverviewTotalsOut(OverviewFigures):
    not_met: int = Field(description="Items not met in all the institutions.")


class InstitutionOverviewOut(Schema):
    rows: list[OverviewRowOut]
    totals: OverviewTotalsOut


class EvidencePhotoOut(Schema):
    id: int
    ref: str = Field(description="The checklist item it shows.")
    original_name: str
    content_type: str
    size: int
    uploaded_at: datetime
    url: str = Field(description="Where the photo itself is read (the API's own address).")

    @staticmethod
    def resolve_ref(obj: EvidencePhoto) -> str:
        return obj.item_check.ref

    @staticmethod
    def resolve_url(obj: EvidencePhoto) -> str:
        return f"/api/institution-evidence-photos/{obj.pk}"
