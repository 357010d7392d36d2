"""The community models, one module per sub-domain."""

from guanai.community.models import giving
from guanai.community.models.thanks import Acknowledgement
from guanai.community.models.volunteers import (
    ServiceShift,
    Skill,
    VisitRole,
    VisitRoleKind,
    Volunteer,
    VolunteerVisit,
)

__all__ = [
    "Acknowledgement",
    "ServiceShift",
    "Skill",
    "VisitRole",
    "VisitRoleKind",
    "Volunteer",
    "VolunteerVisit",
    "giving",
]
