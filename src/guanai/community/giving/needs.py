"""Posting a need (需求): what a unit, or one of its persons through its staff, lacks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.community.giving.access import require_can_record
from guanai.community.giving.amounts import amount_clean, quantity_clean
from guanai.community.giving.text import day_clean, words
from guanai.community.models.giving import Need, Urgency
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside
from guanai.registry.models import Person
from guanai.registry.services import require_open_file


@transaction.atomic
def need_post(
    *,
    acting_user: Actor,
    org_unit: OrgUnit,
    item: str,
    quantity: object,
    measure: str,
    urgency: str = Urgency.SOON,
    why: str = "",
    estimated_value: object = None,
    person: Person | None = None,
    posted_on: date | None = None,
) -> Need:
    """Post a need of ``org_unit`` ("大容量洗衣机", 4, "台"), for the unit or one of its persons."""
    require_can_record(acting_user, org_unit)
    if person is not None:
        if not is_inside(person.org_unit, org_unit):
            raise ValidationFailed(
                _("%(name)s is not on the roster of %(unit)s.")
                % {"name": person.name, "unit": org_unit.name},
                field="person",
            )
        require_open_file(person)
    if urgency not in Urgency.values:
        raise ValidationFailed(_("Choose how urgent the need is."), field="urgency")
    value: Decimal | None = None
    if estimated_value not in (None, ""):
        value = amount_clean(estimated_value, field="estimated_value", allow_zero=True)
    return Need.objects.create(
        org_unit=org_unit,
        person=person,
        item=words(item, Need, "item", field="item", required=_("Say what is needed.")),
        quantity=quantity_clean(quantity),
        measure=words(
            measure, Need, "measure", field="measure", required=_("Give the unit of measure.")
        ),
        estimated_value=value,
        urgency=urgency,
        why=words(why, Need, "why", field="why"),
        posted_on=day_clean(posted_on, field="posted_on"),
        posted_by=account_of(acting_user),
    )
