"""Who may see and change what. The one place that answers it (DESIGN §5).

Every user sees the subtrees of the org units they are members of. Beneficiary data
(persons and everything about them, added by later apps) is visible only through the data
roles; the three admin roles never see it. Helpers and volunteers are narrowed further by
the apps that pair them with persons. Objects outside a user's scope are ``Http404``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from guanai.accounts.models import ADMIN_ROLES, DATA_ROLES, ApiToken, Membership, Role, User
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q

AnyUser = User | AnonymousUser

_CACHE = "_guanai_memberships"


def memberships(user: AnyUser) -> list[Membership]:
    """Return the user's memberships with their org units (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, _CACHE, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, org_unit__is_active=True).select_related(
                "org_unit"
            )
        )
        setattr(user, _CACHE, cached)
    return cached


def forget(user: AnyUser) -> None:
    """Drop the cached memberships after they changed."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def roles(user: AnyUser) -> set[Role]:
    return {Role(m.role) for m in memberships(user)}


def has_role(user: AnyUser, *wanted: Role) -> bool:
    return bool(roles(user) & set(wanted))


def require_role(user: AnyUser, *wanted: Role) -> None:
    """Refuse (403) a page or action that none of the user's roles may use."""
    if not has_role(user, *wanted):
        raise PermissionDenied


def units_for(user: AnyUser, allowed: Iterable[Role]) -> list[OrgUnit]:
    """Return the org units where the user holds one of the ``allowed`` roles."""
    allowed = set(allowed)
    return [m.org_unit for m in memberships(user) if m.role in allowed]


def org_units_visible(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return every org unit in the subtree of any of the user's memberships."""
    return OrgUnit.objects.filter(subtree_q(units_for(user, Role)))


def org_units_managed(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the org units a system administrator may create, edit and staff."""
    return OrgUnit.objects.filter(subtree_q(units_for(user, [Role.SYSADMIN])))


def org_units_with_data(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the org units whose beneficiary data the user may see.

    Admin roles get nothing, so every later list of persons, plans or records built on
    this inherits the rule that a sysadmin sees no beneficiary data.
    """
    return OrgUnit.objects.filter(subtree_q(units_for(user, DATA_ROLES)))


def data_subtree_q(user: AnyUser, field: str = "org_unit__path") -> object:
    """Return the filter for records whose org unit lies in the user's data scope.

    Later apps use it as ``Person.objects.filter(scoping.data_subtree_q(user))``.
    """
    return subtree_q(units_for(user, DATA_ROLES), field=field)


def can_see_beneficiary_data(user: AnyUser) -> bool:
    return bool(units_for(user, DATA_ROLES))


def access_org_unit(user: AnyUser, pk: int, *, manage: bool = False) -> OrgUnit:
    """Return the org unit if the user may see it (or manage it), else raise Http404."""
    visible = org_units_managed(user) if manage else org_units_visible(user)
    unit = visible.filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def users_visible(user: AnyUser) -> QuerySet[User]:
    """Return the accounts with a membership inside the user's visible subtrees.

    Accounts without any membership yet are visible to the sysadmins who may staff them
    only through the unit they are created in, so they are never orphaned from scope.
    """
    q = subtree_q(units_for(user, Role), field="memberships__org_unit__path")
    return User.objects.filter(q).distinct()


def users_managed(user: AnyUser) -> QuerySet[User]:
    q = subtree_q(units_for(user, [Role.SYSADMIN]), field="memberships__org_unit__path")
    return User.objects.filter(q).distinct()


def access_user(user: AnyUser, pk: int, *, manage: bool = False) -> User:
    """Return the account if it lies in the user's scope, else raise Http404."""
    visible = users_managed(user) if manage else users_visible(user)
    found = visible.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def api_tokens_of(user: AnyUser) -> QuerySet[ApiToken]:
    """Return the user's own API tokens; nobody sees another account's tokens."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def access_api_token(user: AnyUser, pk: int) -> ApiToken:
    token = api_tokens_of(user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


def is_admin_account(user: AnyUser) -> bool:
    return bool(roles(user) & ADMIN_ROLES)
