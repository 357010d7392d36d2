"""The checklist of one institution or of many, read in a fixed number of queries.

``facts_of`` turns an institution, its active staff (with their certificates and trainings),
its manual checks and the number of its current residents with a mental disability into
the engine's ``Facts``; ``checklist`` and ``checklists`` return
the verdicts. The standard that applies is the institution's own
choice, or else the local standard in force of the nearest unit above it, or else the
newest national version (``standards.in_force``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.institutions.models import HOMES, Institution, ItemCheck, Staff, Standard
from guanai.institutions.residents.selectors import mental_residents
from guanai.institutions.roster.selectors import with_records
from guanai.institutions.standard import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    Facts,
    ItemSpec,
    ManualCheck,
    StaffFacts,
    Verdict,
    evaluate,
    is_manual,
)
from guanai.institutions.standards.selectors import in_force, national_standard
from guanai.orgs.models import OrgUnit


@dataclass
class Checklist:
    institution: Institution
    standard: Standard
    verdicts: list[Verdict]
    manual_refs: frozenset[str]

    def count(self, status: str) -> int:
        return sum(1 for v in self.verdicts if v.status == status)

    @property
    def met(self) -> int:
        return self.count(MET)

    @property
    def not_met(self) -> int:
        return self.count(NOT_MET)

    @property
    def not_applicable(self) -> int:
        return self.count(NOT_APPLICABLE)

    @property
    def percent(self) -> int | None:
        """The share of applicable items met, in whole percent (None: nothing applies)."""
        applicable = self.met + self.not_met
        return None if applicable == 0 else 100 * self.met // applicable


def has_checklist(institution: Institution) -> bool:
    """Return whether the service standard's checklist applies: to care institutions, not
    to elder and welfare homes."""
    return institution.category not in HOMES


def items_of(standard: Standard) -> list[ItemSpec]:
    return [
        ItemSpec(ref=i.ref, text=i.text, rule=i.rule, params=i.params) for i in standard.items.all()
    ]


def staff_facts(staff: Iterable[Staff]) -> tuple[StaffFacts, ...]:
    return tuple(
        StaffFacts(
            name=s.name,
            role=s.role,
            full_time=s.full_time,
            birth_date=s.birth_date,
            relevant_study=s.relevant_study,
            trainings=tuple((t.on, t.kind) for t in s.trainings.all()),
            certificates=tuple(q.expires_on for q in s.qualifications.all()),
        )
        for s in staff
        if s.is_active
    )


def facts_of(
    institution: Institution,
    staff: Sequence[Staff],
    checks: Iterable[ItemCheck],
    today: date,
    mental_residents: int | None = None,
) -> Facts:
    return Facts(
        today=today,
        type=institution.type,
        operator=institution.operator,
        premises=institution.premises,
        lease_years=institution.lease_years,
        facilities=frozenset(institution.facilities),
        barrier_free=institution.barrier_free,
        fire_certificate=institution.fire_certificate,
        medical_department=institution.medical_department,
        sunshine_home=institution.sunshine_home,
        staff=staff_facts(staff),
        # The current residents with a mental disability (type 6), for 专业-3.
        mental_residents=mental_residents,
        manual={c.ref: ManualCheck(c.status, c.note, c.checked_on) for c in checks},
    )


def checklists(institutions: Sequence[Institution], today: date) -> dict[int, Checklist]:
    """Return the checklist of each institution, by its id, in a fixed number of queries.

    Elder and welfare homes have none (the service standard is for care institutions).
    """
    institutions = [i for i in institutions if has_checklist(i)]
    if not institutions:
        return {}
    ids = [i.pk for i in institutions]
    staff_by: dict[int, list[Staff]] = {pk: [] for pk in ids}
    for s in with_records(Staff.objects.filter(institution_id__in=ids, is_active=True)):
        staff_by[s.institution_id].append(s)
    checks_by: dict[int, list[ItemCheck]] = {pk: [] for pk in ids}
    for c in ItemCheck.objects.filter(institution_id__in=ids):
        checks_by[c.institution_id].append(c)
    standards = in_force(institutions, national_standard(), today)
    mental = mental_residents(institutions, today)
    found = {}
    for institution in institutions:
        standard = standards[institution.pk]
        items = items_of(standard)
        facts = facts_of(
            institution,
            staff_by[institution.pk],
            checks_by[institution.pk],
            today,
            mental[institution.pk],
        )
        found[institution.pk] = Checklist(
            institution=institution,
            standard=standard,
            verdicts=evaluate(items, facts),
            manual_refs=frozenset(i.ref for i in items if is_manual(i, facts)),
        )
    return found


def checklist(institution: Institution, today: date) -> Checklist:
    """Return the checklist of one institution; refuse an elder or welfare home's."""
    if not has_checklist(institution):
        raise ValidationFailed(
            _("%(name)s is an elder or welfare home: the service standard does not apply.")
            % {"name": institution.org_unit.name}
        )
    return checklists([institution], today)[institution.pk]


@dataclass
class Row:
    """An institution unit in a list, with its profile and checklist when entered."""

    unit: OrgUnit
    institution: Institution | None
    checklist: Checklist | None


def rows_of(units: Sequence[OrgUnit], today: date) -> list[Row]:
    """Return the list rows of ``units`` (their ``institution`` selected), in their order."""
    profiles = [u.institution for u in units if _profile(u) is not None]
    found = checklists(profiles, today)
    return [Row(unit=u, institution=_profile(u), checklist=found.get(u.pk)) for u in units]


def _profile(unit: OrgUnit) -> Institution | None:
    return getattr(unit, "institution", None)


def item_check_of(institution: Institution, ref: str) -> ItemCheck | None:
    return ItemCheck.objects.filter(institution=institution, ref=ref).first()
