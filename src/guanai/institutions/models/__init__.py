"""The institutions models, one module per sub-domain."""

from guanai.institutions.models.register import (
    Facility,
    Institution,
    InstitutionType,
    Operator,
    Premises,
)
from guanai.institutions.models.roster import (
    Qualification,
    Staff,
    StaffRole,
    Training,
    TrainingKind,
)
from guanai.institutions.models.standard import ItemCheck, ItemStatus, Standard, StandardItem

__all__ = [
    "Facility",
    "Institution",
    "InstitutionType",
    "ItemCheck",
    "ItemStatus",
    "Operator",
    "Premises",
    "Qualification",
    "Staff",
    "StaffRole",
    "Standard",
    "StandardItem",
    "Training",
    "TrainingKind",
]
