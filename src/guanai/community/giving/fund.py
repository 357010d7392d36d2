"""The charity fund (慈善救助基金, 篇八): opening it, its charity day, grants.

A grant is asked for by a worker (or leader) of the fund's unit and decided by a leader of
that unit or above; a leader's own request is a grant made directly, approved as it is
made. Approval writes the spending entry, which the fund's balance must cover at that
moment (``ledger``): a request never moves money, so many requests may wait while the
fund is low, and a leader approving two at once can never take it below zero.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.community.giving import ledger
from guanai.community.giving.access import (
    FUND_UNIT_KINDS,
    can_approve_grant,
    require_can_approve_grant,
    require_can_open_fund,
    require_can_request_grant,
)
from guanai.community.giving.amounts import amount_clean
from guanai.community.giving.text import day_clean, words
from guanai.community.models.giving import (
    Campaign,
    CharityFund,
    FundDirection,
    Grant,
    GrantStatus,
)
from guanai.core.actors import account_of
from guanai.core.audit import access_log
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.models import AuditAction
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside
from guanai.registry.models import Person
from guanai.registry.services import require_open_file


def _charity_day(month: object, day: object) -> tuple[int, int]:
    """Return a month and day that exist in every year but 29 February's."""
    try:
        m, d = int(str(month)), int(str(day))
        date(2000, m, d)  # a leap year: 29 February is a day
    except (TypeError, ValueError):
        raise ValidationFailed(
            _("Give the charity day as a month and a day of it, such as 11 and 19."),
            field="charity_day",
        ) from None
    return m, d


@transaction.atomic
def fund_open(
    *,
    acting_user: Actor,
    org_unit: OrgUnit,
    name: str,
    opened_on: date | None = None,
    charity_month: object = 11,
    charity_day: object = 19,
) -> CharityFund:
    """Open the charity fund of a county or township (one per unit), empty."""
    require_can_open_fund(acting_user, org_unit)
    if org_unit.kind not in FUND_UNIT_KINDS:
        raise ValidationFailed(_("A charity fund is kept by a county or a township."), field="unit")
    month, day = _charity_day(charity_month, charity_day)
    refusal = ValidationFailed(_("%(unit)s has a charity fund already.") % {"unit": org_unit.name})
    if CharityFund.objects.filter(org_unit=org_unit).exists():
        raise refusal
    try:
        with transaction.atomic():
            return CharityFund.objects.create(
                org_unit=org_unit,
                name=words(name, CharityFund, "name", field="name", required=_("Name the fund.")),
                opened_on=day_clean(opened_on, field="opened_on"),
                charity_month=month,
                charity_day=day,
            )
    except IntegrityError:  # opened by someone else at the same moment
        raise refusal from None


@transaction.atomic
def fund_set_charity_day(
    *, acting_user: Actor, fund: CharityFund, version: int, month: object, day: object
) -> CharityFund:
    """Move the fund's charity day (11-19 unless set otherwise)."""
    require_can_open_fund(acting_user, fund.org_unit)
    current = CharityFund.objects.select_for_update(of=("self",)).get(pk=fund.pk)
    refuse_stale(
        current,
        version,
        message=_("Someone else changed this fund after you opened it. Reload it and try again."),
    )
    current.charity_month, current.charity_day = _charity_day(month, day)
    bump(current)
    current.save(update_fields=["charity_month", "charity_day", "version"])
    return current


@transaction.atomic
def campaign_charity_day(*, acting_user: Actor, fund: CharityFund, year: int) -> Campaign:
    """Open the campaign of the fund's charity day in ``year`` (慈善日), once a year."""
    require_can_request_grant(acting_user, fund)
    try:
        on = date(year, fund.charity_month, fund.charity_day)
    except ValueError:
        raise ValidationFailed(
            _("The charity day is not a day of %(year)s.") % {"year": year}, field="year"
        ) from None
    refusal = ValidationFailed(
        _("The charity day of %(year)s is open already.") % {"year": year}, field="year"
    )
    if Campaign.objects.filter(fund=fund, on=on).exists():
        raise refusal
    try:
        with transaction.atomic():
            return Campaign.objects.create(
                fund=fund, on=on, title=_("Charity day %(year)s") % {"year": year}
            )
    except IntegrityError:
        raise refusal from None


def _recipient(fund: CharityFund, person: Person | None, unit: OrgUnit | None) -> None:
    if (person is None) == (unit is None):
        raise ValidationFailed(_("A grant goes to one person or one unit."), field="recipient")
    if person is not None:
        require_open_file(person)
        if not is_inside(person.org_unit, fund.org_unit):
            raise ValidationFailed(
                _("%(name)s is not of %(unit)s.") % {"name": person.name, "unit": fund.org_unit},
                field="person",
            )
    if unit is not None and (not unit.is_active or not is_inside(unit, fund.org_unit)):
        raise ValidationFailed(
            _("%(name)s is not a unit of %(unit)s.") % {"name": unit.name, "unit": fund.org_unit},
            field="unit",
        )


def recipient_name(grant: Grant) -> str:
    return grant.person.name if grant.person is not None else str(grant.org_unit)


def _logged(grant: Grant, acting_user: Actor) -> None:
    """Write the decision in the access log (篇八: a leader decides what leaves the fund)."""
    access_log(
        user=account_of(acting_user),
        action=AuditAction.GRANT_DECIDE,
        obj=grant,
        detail={
            "fund": grant.fund_id,
            "status": grant.status,
            "amount": str(grant.amount),
            "decided_on": grant.decided_on.isoformat() if grant.decided_on else "",
            "person": grant.person_id,
            "unit": grant.org_unit_id,
        },
    )


def _spend(grant: Grant, acting_user: Actor, on: date) -> None:
    author = account_of(acting_user)
    ledger.entry_write(
        fund=grant.fund,
        direction=FundDirection.SPENDING,
        amount=grant.amount,
        on=on,
        what=f"{recipient_name(grant)}：{grant.reason}",
        author_id=author.pk if author is not None else None,
        grant=grant,
    )


@transaction.atomic
def grant_request(
    *,
    acting_user: Actor,
    fund: CharityFund,
    amount: object,
    reason: str,
    person: Person | None = None,
    org_unit: OrgUnit | None = None,
    on: date | None = None,
) -> Grant:
    """Ask for a grant from the fund; a leader's request is made directly (approved, and
    written in the access log as a decision)."""
    require_can_request_grant(acting_user, fund)
    _recipient(fund, person, org_unit)
    money = amount_clean(amount)
    day = day_clean(on, field="on")
    grant = Grant.objects.create(
        fund=fund,
        person=person,
        org_unit=org_unit,
        amount=money,
        reason=words(reason, Grant, "reason", field="reason", required=_("Give the reason.")),
        requested_on=day,
        requested_by=account_of(acting_user),
    )
    if can_approve_grant(acting_user, fund):
        grant.status = GrantStatus.APPROVED
        grant.decided_on = day
        grant.decided_by = account_of(acting_user)
        grant.save(update_fields=["status", "decided_on", "decided_by"])
        _spend(grant, acting_user, day)
        _logged(grant, acting_user)
    return grant


@transaction.atomic
def grant_decide(
    *,
    acting_user: Actor,
    grant: Grant,
    version: int,
    approve: bool,
    note: str = "",
    on: date | None = None,
) -> Grant:
    """Approve a grant (its money leaves the fund) or refuse it, with a note why; the
    decision is written in the access log (``GRANT_DECIDE``) in the same transaction."""
    require_can_approve_grant(acting_user, grant.fund)
    current = Grant.objects.select_for_update(of=("self",)).get(pk=grant.pk)
    refuse_stale(
        current,
        version,
        message=_("Someone else changed this grant after you opened it. Reload it and try again."),
    )
    if current.status != GrantStatus.REQUESTED:
        raise ValidationFailed(_("This grant is decided already."))
    day = day_clean(on, field="on")
    if day < current.requested_on:
        raise ValidationFailed(_("A grant is decided after it was asked for."), field="on")
    current.note = words(
        note,
        Grant,
        "note",
        field="note",
        required="" if approve else _("Say why the grant is refused."),
    )
    current.status = GrantStatus.APPROVED if approve else GrantStatus.REFUSED
    current.decided_on = day
    current.decided_by = account_of(acting_user)
    bump(current)
    current.save(update_fields=["note", "status", "decided_on", "decided_by", "version"])
    current.fund = grant.fund
    current.person = grant.person
    current.org_unit = grant.org_unit
    if approve:
        _spend(current, acting_user, day)
    _logged(current, acting_user)
    return current
