"""Which standard applies where and when: the catalogue's defaults and units' versions.

A unit's standard for an item on a date is the highest of: the national default, and
for the unit and each of its ancestors, the latest version that unit set effective on
that date. A local standard below the one above it is refused when entered, and would
be outvoted by the higher one anyway (篇五 总则(六): the higher local standard prevails).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.benefits import catalogue
from guanai.benefits.catalogue import Item, Kind
from guanai.benefits.models import PolicyRate
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.money import parse_money, percent, yuan
from guanai.core.text import fits
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q

# Ratios are stored with four places: 70 % is 0.7000, 65.5 % is 0.6550.
RATIO_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Rate:
    """The standard that applies to one item, and where it comes from."""

    item: Item
    amount: Decimal
    version: PolicyRate | None  # None: the national default of the catalogue

    @property
    def display(self) -> str:
        return show(self.item, self.amount)

    @property
    def source(self) -> str:
        """Say where the standard comes from: the plan, or a unit's version of it."""
        if self.version is None and self.item.system_default:
            return _("system default (%(basis)s)") % {"basis": self.item.basis}
        if self.version is None:
            return _("national standard (%(basis)s)") % {"basis": self.item.basis}
        return _("standard of %(unit)s from %(day)s") % {
            "unit": self.version.org_unit.name,
            "day": f"{self.version.effective_from:%Y-%m-%d}",
        }


def show(entry: Item, amount: Decimal) -> str:
    """Format an item's amount as its kind reads: 70%, ¥600.00, ¥17.00."""
    if entry.kind is Kind.RATIO:
        return percent(amount)
    return yuan(amount.quantize(Decimal("0.01")))


def default_rates(codes: Iterable[str] | None = None) -> dict[str, Rate]:
    """Return the national defaults (what ``guanai medical-calc`` uses)."""
    wanted = catalogue.ITEMS if codes is None else [catalogue.item(c) for c in codes]
    return {entry.code: Rate(entry, entry.default, None) for entry in wanted}


def _latest_versions(paths: list[str], on: date, codes: Iterable[str]) -> list[PolicyRate]:
    """Return, for each unit with a path in ``paths`` and each item, its latest version."""
    found: dict[tuple[str, int], PolicyRate] = {}
    versions = (
        PolicyRate.objects.filter(
            org_unit__path__in=paths, effective_from__lte=on, item__in=list(codes)
        )
        .select_related("org_unit")
        .order_by("-effective_from", "-pk")
    )
    for version in versions:
        found.setdefault((version.item, version.org_unit_id), version)
    return list(found.values())


def _highest(rates: dict[str, Rate], versions: Iterable[PolicyRate]) -> dict[str, Rate]:
    for version in versions:
        current = rates[version.item]
        if version.amount > current.amount:
            rates[version.item] = Rate(current.item, version.amount, version)
    return rates


def rates_for(unit: OrgUnit, on: date, codes: Iterable[str] | None = None) -> dict[str, Rate]:
    """Return the standards in effect for ``unit``'s persons on ``on`` (one query)."""
    rates = default_rates(codes)
    return _highest(rates, _latest_versions(unit.ancestor_paths(), on, rates))


def rates_above(unit: OrgUnit, on: date, codes: Iterable[str]) -> dict[str, Rate]:
    """Return the standards the unit's parent sets (what a local version may not undercut)."""
    rates = default_rates(codes)
    return _highest(rates, _latest_versions(unit.ancestor_paths()[:-1], on, rates))


def versions_within(unit: OrgUnit, on: date, codes: Iterable[str]) -> list[PolicyRate]:
    """Return the latest versions set by units strictly inside ``unit``'s subtree.

    The payment roll starts every line at ``rates_for(unit)`` and then raises the lines
    of each such sub-unit to its version where that is higher; because the higher
    always wins, the order in which they are applied does not matter.
    """
    codes = list(codes)
    inside = PolicyRate.objects.filter(
        subtree_q([unit], field="org_unit__path"),
        ~Q(org_unit=unit),
        effective_from__lte=on,
        item__in=codes,
    ).values_list("org_unit__path", flat=True)
    paths = sorted(set(inside))
    return [v for v in _latest_versions(paths, on, codes) if v.org_unit.path in paths]


def history(unit: OrgUnit, codes: Iterable[str] | None = None) -> list[PolicyRate]:
    """Return every version set by the unit and its ancestors, newest first."""
    wanted = [e.code for e in catalogue.ITEMS] if codes is None else list(codes)
    return list(
        PolicyRate.objects.filter(org_unit__path__in=unit.ancestor_paths(), item__in=wanted)
        .select_related("org_unit", "created_by")
        .order_by("item", "-effective_from", "-pk")
    )


def can_set_standards(user: User, unit: OrgUnit) -> bool:
    """Leaders set their units' standards (a local decision of the leading group)."""
    return scoping.holds_role_over(user, unit, [Role.LEADER])


def _clean_amount(entry: Item, value: object) -> Decimal:
    if entry.kind is Kind.RATIO:
        # A ratio is entered as a percentage: "70" or "70%".
        text = str(value).strip().rstrip("%").rstrip("％").strip() if value is not None else ""
        if not text:
            raise ValidationFailed(_("Enter the percentage, e.g. 70."), field="amount")
        share = parse_money(text, field="amount") / 100
        if share > 1:
            raise ValidationFailed(_("A percentage is at most 100."), field="amount")
        return share.quantize(RATIO_PLACES)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationFailed(_("Enter the amount."), field="amount")
    return parse_money(value, field="amount")


@transaction.atomic
def policy_rate_add(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    item: str,
    effective_from: date,
    amount: object,
    note: str = "",
) -> PolicyRate:
    """Set a new version of a standard for ``org_unit``'s subtree from a date on.

    Refused when it is lower than the standard the units above set for that date: a
    local standard may only raise the national one (篇五 总则(六)).
    """
    if not can_set_standards(acting_user, org_unit):
        raise PermissionRefused(_("Only a leader of this unit may set its standards."))
    if item not in catalogue.BY_CODE:
        raise ValidationFailed(_("Choose an item of the catalogue."), field="item")
    entry = catalogue.item(item)
    value = _clean_amount(entry, amount)
    note = fits(" ".join(note.split()), PolicyRate, "note")
    above = rates_above(org_unit, effective_from, [item])[item]
    if value < above.amount:
        raise ValidationFailed(
            _("A local standard cannot be lower than the one above it: %(amount)s (%(source)s).")
            % {"amount": above.display, "source": above.source},
            field="amount",
        )
    try:
        with transaction.atomic():
            return PolicyRate.objects.create(
                item=item,
                org_unit=org_unit,
                effective_from=effective_from,
                amount=value,
                note=note,
                created_by=acting_user,
            )
    except IntegrityError:
        raise ValidationFailed(
            _("This unit already set this standard from that day; choose another date."),
            field="effective_from",
        ) from None
