"""The county view (issue 17, point 8): every institution a user reads, side by side.

Each row is an institution unit with its category and type, the checklist's share met and
the items not met (care institutions only), its beds, the residents present and the
occupancy, and the residents by disability type (视力 … 多重, ``registry.details``). The
whole view is read in a fixed number of queries, whatever the number of institutions.

A resident is present on a day when admitted, started by then and not ended before it
(``ended_on`` is the last day of the stay), as the occupancy KPI counts them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet

from guanai.accounts.scoping import AnyUser
from guanai.institutions.checklist.selectors import Checklist, checklists
from guanai.institutions.models import Institution, Resident
from guanai.institutions.register.access import institution_units_visible
from guanai.institutions.residents.selectors import present_q
from guanai.institutions.standard import NOT_MET, Verdict
from guanai.orgs.models import OrgUnit
from guanai.registry.details import DISABILITY_TYPES
from guanai.registry.models import Category, PersonCategory

# The disability type codes in the certificate's order: 1 视力 … 7 多重.
TYPE_CODES = tuple(code for code, _label in DISABILITY_TYPES)
TYPE_LABELS = tuple(label for _code, label in DISABILITY_TYPES)


def residents_present(institution_ids: Sequence[int], day: date) -> QuerySet[Resident]:
    return Resident.objects.filter(
        present_q(day), institution_id__in=list(institution_ids)
    ).order_by()


def occupancy(residents: int, capacity: int) -> Decimal | None:
    """Return residents ÷ beds in percent, one decimal (None without beds)."""
    if capacity <= 0:
        return None
    share = Decimal(100 * residents) / Decimal(capacity)
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class OverviewRow:
    unit: OrgUnit
    institution: Institution | None
    checklist: Checklist | None
    residents: int = 0
    # Disability type code → residents present with that type.
    by_type: dict[int, int] = field(default_factory=dict)

    @property
    def capacity(self) -> int:
        return 0 if self.institution is None else self.institution.capacity

    @property
    def occupancy(self) -> Decimal | None:
        return occupancy(self.residents, self.capacity)

    @property
    def unmet(self) -> list[Verdict]:
        """The checklist's items not met, in the standard's order."""
        if self.checklist is None:
            return []
        return [v for v in self.checklist.verdicts if v.status == NOT_MET]

    @property
    def types(self) -> list[int]:
        """The residents by disability type, in the order of ``TYPE_CODES``."""
        return [self.by_type.get(code, 0) for code in TYPE_CODES]

    @property
    def typed(self) -> list[tuple[Any, int]]:
        """(label, residents) by disability type, for a page."""
        return list(zip(TYPE_LABELS, self.types, strict=True))


@dataclass
class Overview:
    rows: list[OverviewRow]

    @property
    def capacity(self) -> int:
        return sum(r.capacity for r in self.rows)

    @property
    def residents(self) -> int:
        return sum(r.residents for r in self.rows)

    @property
    def occupancy(self) -> Decimal | None:
        return occupancy(self.residents, self.capacity)

    @property
    def not_met(self) -> int:
        return sum(len(r.unmet) for r in self.rows)

    @property
    def types(self) -> list[int]:
        return [sum(r.by_type.get(code, 0) for r in self.rows) for code in TYPE_CODES]

    @property
    def typed(self) -> list[tuple[Any, int]]:
        return list(zip(TYPE_LABELS, self.types, strict=True))


def _disability_types(residents: QuerySet[Resident], day: date) -> dict[int, int]:
    """Return person id → disability type of the residents' persons disabled on ``day``."""
    rows = (
        PersonCategory.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
            person__in=residents.values("person"),
            category=Category.DISABLED,
            started_on__lte=day,
        )
        .values_list("person_id", "details")
        .order_by("started_on", "pk")
    )
    found: dict[int, int] = {}
    for person, details in rows:
        code = str((details or {}).get("type"))
        if code.isdigit() and int(code) in TYPE_CODES:
            found[person] = int(code)
    return found


def overview_of(units: Sequence[OrgUnit], day: date) -> Overview:
    """Return the overview rows of ``units`` (their ``institution`` selected), in order."""
    profiles = [u.institution for u in units if getattr(u, "institution", None) is not None]
    found = checklists(profiles, day)
    present = residents_present([p.pk for p in profiles], day)
    types = _disability_types(present, day)
    residents: Counter[int] = Counter()
    by_type: dict[int, Counter[int]] = {}
    for institution, person in present.values_list("institution_id", "person_id"):
        residents[institution] += 1
        if person in types:
            by_type.setdefault(institution, Counter())[types[person]] += 1
    return Overview(
        rows=[
            OverviewRow(
                unit=u,
                institution=getattr(u, "institution", None),
                checklist=found.get(u.pk),
                residents=residents[u.pk],
                by_type=dict(by_type.get(u.pk, {})),
            )
            for u in units
        ]
    )


def overview(user: AnyUser, day: date) -> Overview:
    """Return the overview of every institution the user reads, in tree order."""
    return overview_of(list(institution_units_visible(user).order_by("path")), day)
