"""A KPI's value for one unit, and the targets in force there."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from guanai.orgs.models import OrgUnit
from guanai.reports.kpis.catalogue import KPIS, Kpi
from guanai.reports.models import KpiTarget


@dataclass(frozen=True)
class KpiValue:
    kpi: Kpi
    numerator: Decimal
    denominator: Decimal | None
    target: Decimal | None

    @property
    def value(self) -> Decimal | None:
        """Return the percentage (one decimal), the amount, or None without a denominator."""
        if not self.kpi.is_ratio:
            return self.numerator
        if not self.denominator:
            return None
        share = 100 * self.numerator / self.denominator
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None or not self.kpi.is_ratio:
            return None
        return self.value >= self.target


def targets_for(units: Iterable[OrgUnit]) -> dict[int, dict[str, Decimal | None]]:
    """Return unit id → KPI code → the target in force there (one query)."""
    units = list(units)
    paths = {p for unit in units for p in unit.ancestor_paths()}
    set_targets: dict[str, dict[str, Decimal]] = {}
    for path, kpi, target in KpiTarget.objects.filter(org_unit__path__in=paths).values_list(
        "org_unit__path", "kpi", "target"
    ):
        set_targets.setdefault(path, {})[kpi] = target
    result: dict[int, dict[str, Decimal | None]] = {}
    for unit in units:
        targets: dict[str, Decimal | None] = {k.code: k.target for k in KPIS}
        for path in unit.ancestor_paths():  # root first: the nearest is applied last
            targets.update(set_targets.get(path, {}))
        result[unit.pk] = targets
    return result


def kpi_values(
    facts: Mapping[str, Decimal], targets: Mapping[str, Decimal | None]
) -> list[KpiValue]:
    """Return every KPI of one unit from its facts."""
    return [
        KpiValue(
            kpi=kpi,
            numerator=Decimal(facts.get(kpi.numerator, 0)),
            denominator=Decimal(facts.get(kpi.denominator, 0)) if kpi.is_ratio else None,
            target=targets.get(kpi.code),
        )
        for kpi in KPIS
    ]
