"""The register of care institutions: who sees which (``access``) and their profile
(``services``). Import the public names from ``guanai.institutions.register``."""

from guanai.institutions.register.access import (
    EDITORS,
    READERS,
    access_institution,
    access_institution_unit,
    can_edit,
    can_open_institutions,
    institution_units_visible,
    institutions_visible,
    require_edit,
    require_reader,
)
from guanai.institutions.register.selectors import (
    TYPE_CODES,
    Overview,
    OverviewRow,
    occupancy,
    overview,
    overview_of,
    present_q,
    residents_present,
)
from guanai.institutions.register.services import ProfileData, institution_profile_save

__all__ = [
    "EDITORS",
    "READERS",
    "TYPE_CODES",
    "Overview",
    "OverviewRow",
    "ProfileData",
    "access_institution",
    "access_institution_unit",
    "can_edit",
    "can_open_institutions",
    "institution_profile_save",
    "institution_units_visible",
    "institutions_visible",
    "occupancy",
    "overview",
    "overview_of",
    "present_q",
    "require_edit",
    "require_reader",
    "residents_present",
]
