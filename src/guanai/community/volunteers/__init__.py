"""Volunteers (志愿者) and volunteer visits (篇四): a group's volunteers with their skills and
yearly hours, visits on ``activities`` events with plan 四's roles, sign-up up to a cap,
check-in and check-out on a phone, the host unit's confirmation.

The package re-exports its public names; import them from ``guanai.community.volunteers``.
Its modules: ``access`` (who sees and changes what), ``services`` (volunteers),
``visits`` (visits, roles, sign-up, the signed-up accounts as the event's helpers),
``shifts`` (check-in and -out on the visit's day, corrections, the host's confirmation),
``hours`` (the pure rules for a shift's hours and the visit's check-in window),
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
from guanai.community.volunteers.hours import CHECK_GRACE, MAX_SHIFT, check_window, shift_hours
from guanai.community.volunteers.selectors import (
    hours_by_group,
    visit_of_event,
    visit_sheet,
    visits_list,
    volunteers_list,
    yearly_hours,
)
from guanai.community.volunteers.services import VolunteerData, volunteer_add, volunteer_update
from guanai.community.volunteers.shifts import (
    check_in,
    check_out,
    may_correct,
    shift_correct,
    shifts_confirm_all,
)
from guanai.community.volunteers.visits import (
    visit_cap_set,
    visit_open,
    visit_role_add,
    visit_role_remove,
    visit_sign_up,
    visit_sign_up_cancel,
)

__all__ = [
    "CHECK_GRACE",
    "MAX_SHIFT",
    "VolunteerData",
    "access_visit",
    "access_volunteer",
    "can_coordinate",
    "can_manage_group",
    "can_open_volunteers",
    "check_in",
    "check_out",
    "check_window",
    "groups_managed",
    "groups_near",
    "groups_read",
    "hours_by_group",
    "is_host",
    "may_correct",
    "own_volunteer",
    "shift_correct",
    "shift_hours",
    "shifts_confirm_all",
    "visit_cap_set",
    "visit_of_event",
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
