"""Who reads which pocket-money accounts, and who opens, hands over and writes them.

The persons whose accounts a user may read are the persons the user may read
(``scoping.persons_q``: roster subtree or paired now), narrowed by the ledger's one rule
about money: a user who reads the child only through a pairing reads the account only
while keeping it. A subject teacher paired with a child does not see its money; the
roster readers (leaders, workers, viewers) see every account of their rosters.
"""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.care.ledger.amounts import MONEY, ZERO
from guanai.care.models import (
    HelperRole,
    LedgerDirection,
    LedgerEntry,
    Pairing,
    PocketMoneyAccount,
)
from guanai.care.permissions import can_edit_roster_of
from guanai.core.errors import PermissionRefused
from guanai.core.months import next_month, this_month
from guanai.registry.models import Person


def accounts_q(user: AnyUser) -> Q:
    """Return the filter for the accounts the user may read.

    The account's person must be one the user may read (``scoping.persons_q``); of those,
    a roster reader reads every account, anyone else only the accounts they keep.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    roster = scoping.roster_subtree_q(user, field="person__org_unit__path")
    return scoping.persons_q(user, prefix="person__") & (roster | Q(keeper_id=user.pk))


def keeps_as_surrogate_parent(keeper: User | int, person: Person) -> bool:
    """Return whether ``keeper`` is paired with ``person`` as surrogate parent now."""
    return Pairing.objects.filter(
        person=person,
        helper=keeper,
        role=HelperRole.SURROGATE_PARENT,
        ended_on__isnull=True,
    ).exists()


def keepers_for(person: Person) -> QuerySet[User]:
    """Return the accounts that may keep ``person``'s money: their open surrogate parents."""
    paired = Pairing.objects.filter(
        person=person, role=HelperRole.SURROGATE_PARENT, ended_on__isnull=True
    ).values("helper_id")
    return User.objects.filter(pk__in=paired, is_active=True).order_by("full_name", "pk")


def keepers_of_account(account: PocketMoneyAccount) -> QuerySet[User]:
    """Return the accounts the account may be handed to, and its keeper now."""
    keepers = keepers_for(account.person) | User.objects.filter(pk=account.keeper_id)
    return keepers.distinct()


def can_open_for(user: AnyUser, person: Person) -> bool:
    """Return whether the user may open or hand over accounts of ``person``."""
    return can_edit_roster_of(user, person.org_unit)


def can_write(user: AnyUser, account: PocketMoneyAccount) -> bool:
    """Return whether the user may write entries: the keeper, or a roster keeper of the unit."""
    if can_edit_roster_of(user, account.person.org_unit):
        return True
    return account.keeper_id == user.pk and keeps_as_surrogate_parent(
        account.keeper_id, account.person
    )


def require_can_open(user: User, person: Person) -> None:
    if not can_open_for(user, person):
        raise PermissionRefused(
            _("Only the roster keepers of %(unit)s open and hand over pocket-money accounts.")
            % {"unit": person.org_unit.name}
        )


def require_can_write(user: User, account: PocketMoneyAccount) -> None:
    if not can_write(user, account):
        raise PermissionRefused(
            _("Only the keeper or a roster keeper of the child's unit may write in this ledger.")
        )


def _month_spent_of_account(month: date) -> Subquery:
    spent = (
        LedgerEntry.objects.filter(
            account=OuterRef("pk"),
            direction=LedgerDirection.SPENDING,
            on__gte=month,
            on__lt=next_month(month),
        )
        .values("account")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Subquery(spent, output_field=MONEY)


def accounts_visible(user: AnyUser) -> QuerySet[PocketMoneyAccount]:
    """Return the accounts the user may read, with this month's spending (``month_spent``)."""
    return (
        PocketMoneyAccount.objects.filter(accounts_q(user))
        .select_related("person__org_unit", "person__school", "keeper")
        .annotate(
            month_spent=Coalesce(
                _month_spent_of_account(this_month()), Value(ZERO), output_field=MONEY
            )
        )
        .order_by("person__name_sort", "pk")
    )


def access_account(user: AnyUser, pk: int) -> PocketMoneyAccount:
    """Return an account the user may read, or raise Http404."""
    return get_object_or_404(accounts_visible(user), pk=pk)
