"""Who may see and change what. The one place that answers it (DESIGN §5).

Every user sees the subtrees of the org units they are members of. Beneficiary data
(persons and everything about them, added by later apps) is visible only through the data
roles; the three admin roles never see it. Helpers and volunteers are narrowed further by
the apps that pair them with persons. Objects outside a user's scope are ``Http404``.

The package re-exports its public names; import them from ``guanai.accounts.scoping``
(``from guanai.accounts import scoping``; ``scoping.units_for(...)``). Its modules:
``roles_held`` (memberships in force, the role checks every other rule starts from, and
the nearest staff holding a role over a unit),
``units`` (org units seen, managed, with data), ``persons`` (the roster, the persons other
apps pair, ID and phone digits shown) and ``users`` (accounts seen and managed, roles to
approve, API tokens, the audit of no unit).
"""

from guanai.accounts.scoping.persons import (
    CARE_ROLES,
    MASKED_NUMBER_ROLES,
    PERSON_READERS,
    ROSTER_EDITORS,
    ROSTER_ROLES,
    PersonFilter,
    can_reveal_numbers,
    can_see_history,
    numbers_shown,
    paired_persons_q,
    person_filters,
    persons_q,
    register_person_filter,
    roster_edit_units,
    roster_persons_q,
    roster_subtree_q,
)
from guanai.accounts.scoping.roles_held import (
    COUNTY_OR_ABOVE,
    Actor,
    AnyUser,
    acts_over,
    can_see_beneficiary_data,
    forget,
    has_role,
    holds_role_over,
    memberships,
    memberships_in_force,
    nearest_staff,
    require_role,
    roles,
    units_for,
)
from guanai.accounts.scoping.units import (
    access_org_unit,
    data_subtree_q,
    org_units_managed,
    org_units_visible,
    org_units_with_data,
    sent_down_q,
)
from guanai.accounts.scoping.users import (
    API_TOKEN_UNIT_KINDS,
    APPROVERS,
    GRANTERS,
    SYSADMIN_GRANTS,
    access_api_token,
    access_awaiting_membership,
    access_membership,
    access_user,
    api_tokens_of,
    grants_directly,
    may_hold_api_tokens,
    memberships_awaiting,
    memberships_pending_audited,
    require_can_manage_user,
    require_can_staff,
    role_grant_units,
    sees_unattributed_audit,
    users_managed,
    users_visible,
)

# The reports apps filter units with ``scoping.subtree_q``, which the one-file module had
# imported from ``orgs.selectors``; kept so that they read as before.
from guanai.orgs.selectors import subtree_q

__all__ = [
    "API_TOKEN_UNIT_KINDS",
    "APPROVERS",
    "CARE_ROLES",
    "COUNTY_OR_ABOVE",
    "GRANTERS",
    "MASKED_NUMBER_ROLES",
    "PERSON_READERS",
    "ROSTER_EDITORS",
    "ROSTER_ROLES",
    "SYSADMIN_GRANTS",
    "Actor",
    "AnyUser",
    "PersonFilter",
    "access_api_token",
    "access_awaiting_membership",
    "access_membership",
    "access_org_unit",
    "access_user",
    "acts_over",
    "api_tokens_of",
    "can_reveal_numbers",
    "can_see_beneficiary_data",
    "can_see_history",
    "data_subtree_q",
    "forget",
    "grants_directly",
    "has_role",
    "holds_role_over",
    "may_hold_api_tokens",
    "memberships",
    "memberships_awaiting",
    "memberships_in_force",
    "memberships_pending_audited",
    "nearest_staff",
    "numbers_shown",
    "org_units_managed",
    "org_units_visible",
    "org_units_with_data",
    "paired_persons_q",
    "person_filters",
    "persons_q",
    "register_person_filter",
    "require_can_manage_user",
    "require_can_staff",
    "require_role",
    "role_grant_units",
    "roles",
    "roster_edit_units",
    "roster_persons_q",
    "roster_subtree_q",
    "sees_unattributed_audit",
    "sent_down_q",
    "subtree_q",
    "units_for",
    "users_managed",
    "users_visible",
]
