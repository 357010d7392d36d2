"""Giving through the API: needs (the board and posting), donations with their matches to
needs and acknowledgements, charity funds with their campaigns, grants and decisions, the
ledger's entries, the yearly statement and the monthly figures.

Every operation reads through ``community.giving`` (scoped: another township's need,
donation, fund or grant is 404) and writes through its services, which refuse bad input
(400), a caller who may not (403) and a stale ``version`` (409). Volunteer groups read the
needs board; the rest is for the roster roles (403 before any object for the others).
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.community.giving_schemas import (
    AcknowledgementIn,
    CampaignIn,
    CampaignOut,
    CharityDayIn,
    DonationIn,
    DonationOut,
    FundEntryOut,
    FundIn,
    FundOut,
    FundYearQuery,
    GrantDecisionIn,
    GrantIn,
    GrantOut,
    MatchIn,
    MatchOut,
    MonthFiguresOut,
    NeedDetailOut,
    NeedIn,
    NeedOut,
    NeedQuery,
    StatementOut,
)
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, WRITE_ERRORS, Id
from guanai.community import giving
from guanai.community.models.giving import Campaign, CharityFund, Donation, FundEntry, Grant, Need
from guanai.community.volunteers import access as volunteers_access
from guanai.core.errors import PermissionRefused
from guanai.registry.selectors import access_person
from guanai.sheets.writing import XLSX

router = Router(tags=["community"])


def _needs_reader(request: HttpRequest) -> User:
    user = acting_user(request)
    if not giving.can_open_needs(user):
        raise PermissionRefused(_("Needs are read by the roster roles and volunteer groups."))
    return user


def _reader(request: HttpRequest) -> User:
    """The roster roles read donations and funds (a helper or an administrator: 403)."""
    user = acting_user(request)
    if not giving.can_open_funds(user):
        raise PermissionRefused(
            _("Donations and charity funds are read by leaders, workers and viewers.")
        )
    return user


def _year(query: FundYearQuery) -> int:
    return query.year or timezone.localdate().year


@router.get("/community/needs", response={200: list[NeedOut], **READ_ERRORS})
@paginate(Pages)
def need_list(request: HttpRequest, filters: Query[NeedQuery]) -> QuerySet[Need]:
    """List the needs the caller sees, the most urgent first: a volunteer group's county
    board, a unit's subtree. Never the person a need is for."""
    user = _needs_reader(request)
    unit = None if filters.unit_id is None else scoping.access_org_unit(user, filters.unit_id)
    return giving.needs_list(user, unit=unit, open_only=not filters.all)


@router.post("/community/needs", response={201: NeedOut, **WRITE_ERRORS, **AUTH_ERRORS})
def need_create(request: HttpRequest, payload: NeedIn) -> Status:
    """Post a need of a unit, or of one of its persons (``person_id``)."""
    user = _reader(request)
    unit = scoping.access_org_unit(user, payload.unit_id)
    person = None if payload.person_id is None else access_person(user, payload.person_id)
    need = giving.need_post(
        acting_user=user,
        org_unit=unit,
        person=person,
        item=payload.item,
        quantity=payload.quantity,
        measure=payload.measure,
        estimated_value=payload.estimated_value,
        urgency=payload.urgency,
        why=payload.why,
        posted_on=payload.posted_on,
    )
    return Status(201, NeedOut.from_orm(need))


@router.get("/community/needs/{need_id}", response={200: NeedDetailOut, **READ_ERRORS})
def need_detail(request: HttpRequest, need_id: Id) -> Need:
    """Return a need with its status and the donations matched to it."""
    need = giving.access_need(_needs_reader(request), need_id)
    need.given = giving.progress_of(need).given  # type: ignore[attr-defined]
    return need


@router.get("/community/donations", response={200: list[DonationOut], **READ_ERRORS})
@paginate(Pages)
def donation_list(request: HttpRequest) -> QuerySet[Donation]:
    """List the donations received in the caller's units, the latest first."""
    return giving.donations_list(_reader(request))


@router.post("/community/donations", response={201: DonationOut, **WRITE_ERRORS, **AUTH_ERRORS})
def donation_create(request: HttpRequest, payload: DonationIn) -> Status:
    """Record a donation: goods for a need meet it; cash for a fund enters its ledger. With
    ``visit_id``, a volunteer signed up for the visit records what was received on it."""
    if payload.visit_id is not None:
        return _on_visit(request, payload, payload.visit_id)
    user = _reader(request)
    to = giving.Destined(
        org_unit=None
        if payload.unit_id is None
        else scoping.access_org_unit(user, payload.unit_id),
        need=None if payload.need_id is None else giving.access_need(user, payload.need_id),
        person=None if payload.person_id is None else access_person(user, payload.person_id),
        fund=None if payload.fund_id is None else giving.access_fund(user, payload.fund_id),
    )
    if payload.campaign_id is not None:
        to.campaign = _campaign(user, payload.campaign_id)
    donation = giving.donation_record(acting_user=user, data=_data(payload), to=to)
    return Status(201, giving.donations_visible(user).get(pk=donation.pk))


def _on_visit(request: HttpRequest, payload: DonationIn, visit_id: int) -> Status:
    """A donation received on a volunteer visit: the visit as the volunteer sees it (404
    otherwise), the host unit or below, a need on the board; never a person or a fund."""
    user = acting_user(request)
    if not volunteers_access.can_open_volunteers(user):
        raise PermissionRefused(_("Volunteer visits are for the roster roles and volunteers."))
    visit = volunteers_access.access_visit(user, visit_id)
    to = giving.Destined(visit=visit)
    if payload.unit_id is not None:
        to.org_unit = get_object_or_404(giving.visit_units(visit), pk=payload.unit_id)
    if payload.need_id is not None:
        to.need = giving.access_need(user, payload.need_id)
    donation = giving.donation_record(acting_user=user, data=_data(payload), to=to)
    return Status(201, Donation.objects.select_related("org_unit").get(pk=donation.pk))


def _data(payload: DonationIn) -> giving.DonationData:
    return giving.DonationData(
        donor_kind=payload.donor_kind,
        kind=payload.kind,
        destination=payload.destination,
        donor_name=payload.donor_name,
        donor_phone=payload.donor_phone,
        amount=payload.amount,
        item=payload.item,
        quantity=payload.quantity,
        measure=payload.measure,
        value=payload.value,
        on=payload.on,
        receipt_number=payload.receipt_number,
        acknowledged_on=payload.acknowledged_on,
    )


def _campaign(user: User, pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.filter(fund__in=giving.funds_visible(user)), pk=pk)


@router.post(
    "/community/donations/{donation_id}/matches",
    response={201: MatchOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def donation_match(request: HttpRequest, donation_id: Id, payload: MatchIn) -> Status:
    """Match so many of a donation's goods to a need; never more than were given."""
    user = _reader(request)
    donation = giving.access_donation(user, donation_id)
    need = giving.access_need(user, payload.need_id)
    match = giving.donation_match(
        acting_user=user, donation=donation, need=need, quantity=payload.quantity
    )
    return Status(201, match)


@router.put(
    "/community/donations/{donation_id}/acknowledgement",
    response={200: DonationOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def donation_acknowledge(
    request: HttpRequest, donation_id: Id, payload: AcknowledgementIn
) -> Donation:
    """Record the day the donor was thanked."""
    user = _reader(request)
    donation = giving.access_donation(user, donation_id)
    return giving.donation_acknowledge(acting_user=user, donation=donation, on=payload.on)


@router.get("/community/funds", response={200: list[FundOut], **READ_ERRORS})
@paginate(Pages)
def fund_list(request: HttpRequest) -> QuerySet[CharityFund]:
    """List the charity funds of the caller's units."""
    return giving.funds_visible(_reader(request)).order_by("org_unit__path")


@router.post("/community/funds", response={201: FundOut, **WRITE_ERRORS, **AUTH_ERRORS})
def fund_create(request: HttpRequest, payload: FundIn) -> Status:
    """Open the charity fund of a county or township (a leader of it)."""
    user = _reader(request)
    unit = scoping.access_org_unit(user, payload.unit_id)
    fund = giving.fund_open(
        acting_user=user,
        org_unit=unit,
        name=payload.name,
        opened_on=payload.opened_on,
        charity_month=payload.charity_month,
        charity_day=payload.charity_day,
    )
    return Status(201, fund)


@router.get("/community/funds/{fund_id}", response={200: FundOut, **READ_ERRORS})
def fund_detail(request: HttpRequest, fund_id: Id) -> CharityFund:
    """Return a fund with its balance."""
    return giving.access_fund(_reader(request), fund_id)


@router.put(
    "/community/funds/{fund_id}/charity-day",
    response={200: FundOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def fund_charity_day(request: HttpRequest, fund_id: Id, payload: CharityDayIn) -> CharityFund:
    """Move the fund's charity day (11-19 unless set otherwise)."""
    user = _reader(request)
    fund = giving.access_fund(user, fund_id)
    giving.fund_set_charity_day(
        acting_user=user,
        fund=fund,
        version=payload.version,
        month=payload.charity_month,
        day=payload.charity_day,
    )
    return giving.funds_visible(user).get(pk=fund_id)


@router.get(
    "/community/funds/{fund_id}/campaigns", response={200: list[CampaignOut], **READ_ERRORS}
)
def campaign_list(request: HttpRequest, fund_id: Id) -> QuerySet[Campaign]:
    """List the fund's campaigns, the latest first, each with its own totals."""
    return giving.campaigns_of(giving.access_fund(_reader(request), fund_id))


@router.post(
    "/community/funds/{fund_id}/campaigns",
    response={201: CampaignOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def campaign_create(request: HttpRequest, fund_id: Id, payload: CampaignIn) -> Status:
    """Open the campaign of the fund's charity day in a year."""
    user = _reader(request)
    fund = giving.access_fund(user, fund_id)
    campaign = giving.campaign_charity_day(acting_user=user, fund=fund, year=payload.year)
    return Status(201, campaign)


@router.get("/community/funds/{fund_id}/entries", response={200: list[FundEntryOut], **READ_ERRORS})
@paginate(Pages)
def entry_list(
    request: HttpRequest, fund_id: Id, filters: Query[FundYearQuery]
) -> QuerySet[FundEntry]:
    """List the fund's ledger entries of a year in date order, each with the balance after."""
    fund = giving.access_fund(_reader(request), fund_id)
    return giving.entries_of(fund, _year(filters))


@router.get("/community/funds/{fund_id}/statement", response={200: StatementOut, **READ_ERRORS})
def statement(request: HttpRequest, fund_id: Id, filters: Query[FundYearQuery]) -> StatementOut:
    """Return the year's statement: opening and closing balances, income, spending, entries."""
    fund = giving.access_fund(_reader(request), fund_id)
    found = giving.statement_of(fund, _year(filters))
    return StatementOut(
        fund_id=fund.pk,
        year=found.year,
        opening=found.opening,
        income=found.income,
        spending=found.spending,
        closing=found.closing,
        entries=[FundEntryOut.from_orm(e) for e in found.entries],
    )


@router.get(
    "/community/funds/{fund_id}/statement.xlsx",
    response={**READ_ERRORS},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The year's statement as xlsx.",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def statement_xlsx(
    request: HttpRequest, fund_id: Id, filters: Query[FundYearQuery]
) -> HttpResponse:
    """Return the year's statement as an xlsx (written to the audit log as an export)."""
    user = _reader(request)
    fund = giving.access_fund(user, fund_id)
    export = giving.statement_export(
        acting_user=user, fund=fund, year=_year(filters), request=request
    )
    response = HttpResponse(export.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@router.get(
    "/community/funds/{fund_id}/months", response={200: list[MonthFiguresOut], **READ_ERRORS}
)
def month_figures(
    request: HttpRequest, fund_id: Id, filters: Query[FundYearQuery]
) -> list[MonthFiguresOut]:
    """Return the donations received and grants made by month in the fund's unit's subtree."""
    fund = giving.access_fund(_reader(request), fund_id)
    return [
        MonthFiguresOut(
            month=f"{m.month:%Y-%m}",
            donations=m.donations,
            cash=m.cash,
            goods_value=m.goods_value,
            grants=m.grants,
            granted=m.granted,
        )
        for m in giving.month_figures(fund.org_unit, _year(filters))
    ]


@router.get("/community/funds/{fund_id}/grants", response={200: list[GrantOut], **READ_ERRORS})
@paginate(Pages)
def grant_list(request: HttpRequest, fund_id: Id) -> QuerySet[Grant]:
    """List the fund's grants, the latest first."""
    user = _reader(request)
    fund = giving.access_fund(user, fund_id)
    return giving.grants_visible(user).filter(fund=fund).order_by("-requested_on", "-pk")


@router.post(
    "/community/funds/{fund_id}/grants", response={201: GrantOut, **WRITE_ERRORS, **AUTH_ERRORS}
)
def grant_create(request: HttpRequest, fund_id: Id, payload: GrantIn) -> Status:
    """Ask for a grant to a person or a unit; a leader's is made at once (approved)."""
    user = _reader(request)
    fund = giving.access_fund(user, fund_id)
    grant = giving.grant_request(
        acting_user=user,
        fund=fund,
        amount=payload.amount,
        reason=payload.reason,
        person=None if payload.person_id is None else access_person(user, payload.person_id),
        org_unit=None
        if payload.unit_id is None
        else scoping.access_org_unit(user, payload.unit_id),
        on=payload.on,
    )
    return Status(201, giving.grants_visible(user).get(pk=grant.pk))


@router.post(
    "/community/grants/{grant_id}/decision",
    response={200: GrantOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def grant_decision(request: HttpRequest, grant_id: Id, payload: GrantDecisionIn) -> Grant:
    """Approve a grant (its money leaves the fund) or refuse it with a note (a leader)."""
    user = _reader(request)
    grant = giving.access_grant(user, grant_id)
    giving.grant_decide(
        acting_user=user,
        grant=grant,
        version=payload.version,
        approve=payload.approve,
        note=payload.note,
        on=payload.on,
    )
    return giving.grants_visible(user).get(pk=grant_id)
