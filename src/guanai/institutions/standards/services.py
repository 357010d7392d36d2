"""Adding a local standard: a copy of the national items with higher numbers.

Refused with a message, and nothing saved, when the unit does not issue standards or the
user does not lead it, when a number is lower than the national one (a local standard asks
more, never less), out of its bounds, or when the working age is upside down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.dates import check_plausible_day
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.text import fits
from guanai.institutions.models import Standard, StandardItem
from guanai.institutions.standards.access import can_add_local
from guanai.institutions.standards.rules import (
    AGE_HIGH,
    AGE_LOW,
    DEFAULT_MAX_AGE,
    DEFAULT_MIN_AGE,
    TIGHTENABLE,
)
from guanai.institutions.standards.selectors import national_standard
from guanai.orgs.models import OrgUnit


@dataclass
class LocalStandardData:
    title: str
    valid_from: date
    # "ref:key" → the number, e.g. {"机构-2:min_years": 8}; a number left out keeps the base's.
    numbers: dict[str, int] = field(default_factory=dict)
    min_age: int = DEFAULT_MIN_AGE
    max_age: int = DEFAULT_MAX_AGE


def local_code(unit: OrgUnit) -> str:
    return f"local-{unit.code or unit.pk}"


def _params(base: Standard, numbers: dict[str, int]) -> dict[str, dict[str, Any]]:
    """Return the params of each item of ``base`` with ``numbers`` set, checked."""
    params = {item.ref: dict(item.params) for item in base.items.all()}
    known = {f"{t.ref}:{t.key}": t for t in TIGHTENABLE}
    for name, value in numbers.items():
        spec = known.get(name)
        if spec is None:
            raise ValidationFailed(
                _("“%(name)s” is not a number a local standard sets.") % {"name": name}
            )
        if not spec.low <= value <= spec.high:
            raise ValidationFailed(
                _("%(label)s: enter a number from %(low)s to %(high)s.")
                % {"label": spec.label, "low": spec.low, "high": spec.high},
                field=name,
            )
        national = params[spec.ref][spec.key]
        if (value - national) * spec.direction < 0:
            raise ValidationFailed(
                _(
                    "%(label)s: the national standard asks %(national)s; a local standard may "
                    "ask more, not less."
                )
                % {"label": spec.label, "national": national},
                field=name,
            )
        params[spec.ref][spec.key] = value
    return params


@transaction.atomic
def local_standard_add(*, acting_user: Actor, unit: OrgUnit, data: LocalStandardData) -> Standard:
    """Add the next version of ``unit``'s own standard, based on the newest national one."""
    if not can_add_local(acting_user, unit):
        raise PermissionRefused(
            _("A local standard is added by a leader of a county, prefecture or province.")
        )
    title = " ".join(data.title.split())
    if not title:
        raise ValidationFailed(_("Enter the title of the local standard."), field="title")
    fits(title, Standard, "title")
    # Issued ahead of the day it comes into force, at most two years ahead.
    check_plausible_day(data.valid_from, field="valid_from", days_ahead=2 * 366)
    if not AGE_LOW <= data.min_age <= data.max_age <= AGE_HIGH:
        raise ValidationFailed(
            _("The working age runs from %(low)s to %(high)s years, the youngest age first.")
            % {"low": AGE_LOW, "high": AGE_HIGH},
            field="max_age",
        )
    base = national_standard()
    params = _params(base, data.numbers)
    code = local_code(unit)
    # Locks the unit so that two leaders adding at once get versions one after the other.
    OrgUnit.objects.select_for_update().filter(pk=unit.pk).exists()
    latest = Standard.objects.filter(code=code).aggregate(v=Max("version"))["v"] or 0
    standard = Standard.objects.create(
        code=code,
        version=latest + 1,
        title=title,
        valid_from=data.valid_from,
        org_unit=unit,
        base=base,
        eligibility={"min_age": data.min_age, "max_age": data.max_age},
    )
    StandardItem.objects.bulk_create(
        StandardItem(
            standard=standard,
            ref=item.ref,
            position=item.position,
            text=item.text,
            rule=item.rule,
            params=params[item.ref],
        )
        for item in base.items.all()
    )
    return standard
