"""An institution's staff roster (五 (二) 人员要求): staff, certificates, trainings.
Import the public names from ``guanai.institutions.roster``."""

from guanai.institutions.roster.access import access_staff, staff_visible
from guanai.institutions.roster.selectors import roster_of, with_records
from guanai.institutions.roster.services import (
    StaffData,
    qualification_add,
    staff_add,
    staff_update,
    training_add,
)

__all__ = [
    "StaffData",
    "access_staff",
    "qualification_add",
    "roster_of",
    "staff_add",
    "staff_update",
    "staff_visible",
    "training_add",
    "with_records",
]
