"""The institutions models, one module per sub-domain."""

from guanai.institutions.models.assessment import Assessment, ScoreSheet
from guanai.institutions.models.register import (
    HOMES,
    Facility,
    Institution,
    InstitutionCategory,
    InstitutionType,
    Operator,
    Premises,
)
from guanai.institutions.models.residents import Decision, ResidenceMode, Resident
from guanai.institutions.models.roster import (
    Qualification,
    Staff,
    StaffRole,
    Training,
    TrainingKind,
)
from guanai.institutions.models.services import FollowUp, Placement, ServiceLog, ServiceType
from guanai.institutions.models.standard import (
    EvidencePhoto,
    ItemCheck,
    ItemStatus,
    Standard,
    StandardItem,
)

__all__ = [
    "HOMES",
    "Assessment",
    "Decision",
    "EvidencePhoto",
    "Facility",
    "FollowUp",
    "Institution",
    "InstitutionCategory",
    "InstitutionType",
    "ItemCheck",
    "ItemStatus",
    "Operator",
    "Placement",
    "Premises",
    "Qualification",
    "ResidenceMode",
    "Resident",
    "ScoreSheet",
    "ServiceLog",
    "ServiceType",
    "Staff",
    "StaffRole",
    "Standard",
    "StandardItem",
    "Training",
    "TrainingKind",
]
