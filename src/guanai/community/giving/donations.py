"""Recording a donation (捐赠) and matching goods to needs.

A donation goes to one destination: a unit, a need, a person or a charity fund; the unit
that received it (the need's, the person's, the fund's, or the unit named) is the one whose
staff record it and see it. Goods given for a need are matched to it whole; goods given to
a unit can be matched later, in parts, to that unit's needs — never more than were given.
A cash gift to a fund is an income entry of the fund's ledger, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.community.giving import ledger
from guanai.community.giving.access import (
    require_can_record,
    require_can_record_on_visit,
    require_visit_destination,
)
from guanai.community.giving.amounts import amount_clean, quantity_clean
from guanai.community.giving.text import day_clean, words
from guanai.community.models import VolunteerVisit
from guanai.community.models.giving import (
    Campaign,
    CharityFund,
    Destination,
    Donation,
    DonationKind,
    DonationMatch,
    DonorKind,
    FundDirection,
    Need,
)
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.phone import parse_phone
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside
from guanai.registry.models import Person
from guanai.registry.services import require_open_file


@dataclass
class DonationData:
    """What a clerk writes of a donation; the destination's object is passed beside it."""

    donor_kind: str
    kind: str
    destination: str
    donor_name: str = ""
    donor_phone: str = ""
    amount: object = None
    item: str = ""
    quantity: object = None
    measure: str = ""
    value: object = None
    on: date | None = None
    receipt_number: str = ""
    acknowledged_on: date | None = None


@dataclass
class Destined:
    """The object a donation goes to (one of them, as ``destination`` says)."""

    org_unit: OrgUnit | None = None
    need: Need | None = None
    person: Person | None = None
    fund: CharityFund | None = None
    campaign: Campaign | None = None
    # The volunteer visit on which it was received (recorded there by a volunteer).
    visit: VolunteerVisit | None = None


def _receiver(data: DonationData, to: Destined) -> OrgUnit:
    """Return the unit that received the donation, refusing a destination left out."""
    if data.destination == Destination.NEED:
        if to.need is None:
            raise ValidationFailed(_("Choose the need the goods are for."), field="need")
        if data.kind != DonationKind.IN_KIND:
            raise ValidationFailed(
                _("A need is met by goods; give cash to the unit or to a fund."), field="kind"
            )
        return to.need.org_unit
    if data.destination == Destination.PERSON:
        if to.person is None:
            raise ValidationFailed(_("Choose the person the donation is for."), field="person")
        require_open_file(to.person)
        return to.person.org_unit
    if data.destination == Destination.FUND:
        if to.fund is None:
            raise ValidationFailed(_("Choose the fund the money is for."), field="fund")
        if data.kind != DonationKind.CASH:
            raise ValidationFailed(_("A charity fund takes cash only."), field="kind")
        if to.campaign is not None and to.campaign.fund_id != to.fund.pk:
            raise ValidationFailed(_("The campaign is another fund's."), field="campaign")
        return to.fund.org_unit
    if data.destination == Destination.UNIT:
        if to.org_unit is None:
            raise ValidationFailed(_("Choose the unit that received the donation."), field="unit")
        return to.org_unit
    raise ValidationFailed(_("Choose what the donation is for."), field="destination")


def _donor(data: DonationData) -> tuple[str, str]:
    if data.donor_kind not in DonorKind.values:
        raise ValidationFailed(
            _("Choose who gave: a person, a company or anonymous."), field="donor_kind"
        )
    name = words(data.donor_name, Donation, "donor_name", field="donor_name")
    if data.donor_kind == DonorKind.ANONYMOUS:
        name = ""  # an anonymous donor is thanked as 爱心人士, never named
    elif not name:
        raise ValidationFailed(_("Give the donor's name."), field="donor_name")
    phone = (data.donor_phone or "").strip()
    if phone:
        try:
            phone = parse_phone(phone)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, field="donor_phone") from None
    return name, phone


def _what(data: DonationData) -> dict[str, object]:
    """Return the cash or goods fields of the donation, refused when they do not fit."""
    if data.kind == DonationKind.CASH:
        goods = {"item": data.item, "quantity": data.quantity, "measure": data.measure}
        goods["value"] = data.value
        given = next((k for k, v in goods.items() if v not in (None, "")), None)
        if given is not None:
            raise ValidationFailed(
                _("A cash donation has an amount, not an item, a quantity or a value."),
                field=given,
            )
        return {"amount": amount_clean(data.amount)}
    if data.kind != DonationKind.IN_KIND:
        raise ValidationFailed(_("Choose cash or in kind."), field="kind")
    if data.amount not in (None, ""):
        raise ValidationFailed(
            _("Goods have a value, not an amount of money: write it as their value."),
            field="amount",
        )
    value = None
    if data.value not in (None, ""):
        value = amount_clean(data.value, field="value", allow_zero=True)
    return {
        "item": words(data.item, Donation, "item", field="item", required=_("Say what was given.")),
        "quantity": quantity_clean(data.quantity),
        "measure": words(
            data.measure,
            Donation,
            "measure",
            field="measure",
            required=_("Give the unit of measure."),
        ),
        "value": value,
    }


@transaction.atomic
def donation_record(*, acting_user: Actor, data: DonationData, to: Destined) -> Donation:
    """Record a donation; goods for a need meet it, cash for a fund enters its ledger.

    With ``to.visit``, a volunteer signed up for the visit records what was received on it,
    for the host unit or one of its needs (``access.require_can_record_on_visit``).
    """
    if to.visit is not None:  # before the destination's object is looked for
        require_visit_destination(data.destination)
    unit = _receiver(data, to)
    if to.visit is None:
        require_can_record(acting_user, unit)
    else:
        require_can_record_on_visit(acting_user, to.visit, data.destination, unit)
    name, phone = _donor(data)
    what = _what(data)
    on = day_clean(data.on, field="on")
    acknowledged = data.acknowledged_on
    if acknowledged is not None:
        acknowledged = day_clean(acknowledged, field="acknowledged_on")
        if acknowledged < on:
            raise ValidationFailed(
                _("The acknowledgement cannot be sent before the donation was made."),
                field="acknowledged_on",
            )
    receipt = words(data.receipt_number, Donation, "receipt_number", field="receipt_number")
    refusal = ValidationFailed(
        _("Receipt number %(number)s is already recorded at %(unit)s.")
        % {"number": receipt, "unit": unit.name},
        field="receipt_number",
    )
    if receipt and Donation.objects.filter(org_unit=unit, receipt_number=receipt).exists():
        raise refusal
    destination = data.destination
    try:
        with transaction.atomic():
            donation = Donation.objects.create(
                org_unit=unit,
                donor_kind=data.donor_kind,
                donor_name=name,
                donor_phone=phone,
                kind=data.kind,
                on=on,
                destination=destination,
                need=to.need if destination == Destination.NEED else None,
                person=to.person if destination == Destination.PERSON else None,
                fund=to.fund if destination == Destination.FUND else None,
                campaign=to.campaign if destination == Destination.FUND else None,
                visit=to.visit,
                receipt_number=receipt,
                acknowledged_on=acknowledged,
                recorded_by=account_of(acting_user),
                **what,
            )
    except IntegrityError:  # the same receipt recorded at the same moment
        raise refusal from None
    if donation.need is not None and donation.quantity:
        DonationMatch.objects.create(
            donation=donation,
            need=donation.need,
            quantity=donation.quantity,
            matched_by=account_of(acting_user),
        )
    if donation.fund is not None and donation.amount is not None:
        ledger.entry_write(
            fund=donation.fund,
            direction=FundDirection.INCOME,
            amount=donation.amount,
            on=on,
            what=donor_label(donation),
            author_id=donation.recorded_by_id,
            donation=donation,
        )
    return donation


def donor_label(donation: Donation) -> str:
    """Return how a donor is named on thanks and statements: anonymous as 爱心人士."""
    if donation.donor_kind == DonorKind.ANONYMOUS or not donation.donor_name:
        return _("A caring person")
    return donation.donor_name


def matched_of(donation: Donation) -> int:
    total: int | None = donation.matches.aggregate(total=Sum("quantity"))["total"]
    return total or 0


@transaction.atomic
def donation_match(
    *, acting_user: Actor, donation: Donation, need: Need, quantity: object
) -> DonationMatch:
    """Match ``quantity`` of a donation's goods to a need: never more than were given."""
    if donation.kind != DonationKind.IN_KIND:
        raise ValidationFailed(_("Only goods are matched to a need."), field="donation")
    require_can_record(acting_user, donation.org_unit)
    require_can_record(acting_user, need.org_unit)
    if not is_inside(need.org_unit, donation.org_unit):
        raise ValidationFailed(
            _("The need is not of %(unit)s, which received the goods.")
            % {"unit": donation.org_unit.name},
            field="need",
        )
    count = quantity_clean(quantity)
    # Lock the donation: two matches at once must not both take its last items.
    given = (
        Donation.objects.select_for_update().values_list("quantity", flat=True).get(pk=donation.pk)
    )
    left = (given or 0) - matched_of(donation)
    if count > left:
        raise ValidationFailed(
            _("Only %(left)s %(measure)s of this donation are left to match.")
            % {"left": left, "measure": donation.measure},
            field="quantity",
        )
    return DonationMatch.objects.create(
        donation=donation, need=need, quantity=count, matched_by=account_of(acting_user)
    )


@transaction.atomic
def donation_acknowledge(*, acting_user: Actor, donation: Donation, on: date | None) -> Donation:
    """Record the day the donor was thanked (the acknowledgement sent)."""
    require_can_record(acting_user, donation.org_unit)
    day = day_clean(on, field="acknowledged_on")
    if day < donation.on:
        raise ValidationFailed(
            _("The acknowledgement cannot be sent before the donation was made."),
            field="acknowledged_on",
        )
    donation.acknowledged_on = day
    donation.save(update_fields=["acknowledged_on"])
    return donation
