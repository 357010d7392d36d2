"""Volunteers (志愿者) and volunteer visits (篇四): a group's volunteers with their skills and
yearly hours, visits on ``activities`` events with plan 四's roles, sign-up up to a cap,
check-in and check-out on a phone, the host unit's confirmation.

The package re-exports its public names; import them from ``guanai.community.volunteers``.
Its modules: ``access`` (who sees and changes what), ``services`` (volunteers),
``visits`` (visits, roles, sign-up, shifts), ``hours`` (the pure rule for a shift's hours),
``selectors`` (the lists a page shows).
"""

from guanai.community.volunteers.access import (
    access_visit,
    access_volunteer,
    can_coordinate,
    can_manage_group,
    can_open_volunteers,
    groups_managed,
    groups_near,
    groups_read,
    is_host,
    own_volunteer,
    visits_visible,
    volunteers_visible,
)
from guanai.community.volunteers.hours import MAX_SHIFT, shift_hours
from guanai.community.volunteers.selectors import (
    hours_by_group,
    visit_sheet,
    visits_list,
    volunteers_list,
    yearly_hours,
)
from guanai.community.volunteers.services import VolunteerData, volunteer_add, volunteer_update
from guanai.community.volunteers.visits import (
    check_in,
    check_out,
    shifts_confirm_all,
    visit_cap_set,
    visit_open,
    visit_role_add,
    visit_role_remove,
    visit_sign_up,
    visit_sign_up_cancel,
)

__all__ = [
    "MAX_SHIFT",
    "VolunteerData",
    "access_visit",
    "access_volunteer",
    "can_coordinate",
    "can_manage_group",
    "can_open_volunteers",
    "check_in",
    "check_out",
    "groups_managed",
    "groups_near",
    "groups_read",
    "hours_by_group",
    "is_host",
    "own_volunteer",
    "shift_hours",
    "shifts_confirm_all",
    "visit_cap_set",
    "visit_open",
    "visit_role_add",
    "visit_role_remove",
    "visit_sheet",
    "visit_sign_up",
    "visit_sign_up_cancel",
    "visits_list",
    "visits_visible",
    "volunteer_add",
    "volunteer_update",
    "volunteers_list",
    "volunteers_visible",
    "yearly_hours",
]
