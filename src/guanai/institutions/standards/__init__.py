"""Local service standards (地方规范): a county, prefecture or province tightens the national
checklist for the institutions below it (五 总则 (六)). Import the public names from
``guanai.institutions.standards``."""

from guanai.institutions.standards.access import can_add_local, local_units_for
from guanai.institutions.standards.rules import TIGHTENABLE, Tightenable
from guanai.institutions.standards.selectors import (
    in_force,
    standard_visible,
    standards_visible,
)
from guanai.institutions.standards.services import LocalStandardData, local_standard_add

__all__ = [
    "TIGHTENABLE",
    "LocalStandardData",
    "Tightenable",
    "can_add_local",
    "in_force",
    "local_standard_add",
    "local_units_for",
    "standard_visible",
    "standards_visible",
]
