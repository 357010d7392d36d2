"""Pairing (结对帮扶): who may be paired with whom, starting and ending pairings, coverage.

The package re-exports its public functions; import them from ``guanai.care.pairing``.
``eligibility`` says who may be paired in a person's area, ``services`` starts and ends
pairings, ``selectors`` reads them, ``coverage`` counts who has no helper and proposes one.
"""

from guanai.care.pairing.coverage import (
    SUGGEST_LIMIT,
    CoverageFilter,
    CoverageTotals,
    Proposal,
    access_roster_unit,
    coverage_persons,
    coverage_totals,
    helper_loads,
    helper_loads_listed,
    pairing_suggestions,
    persons_unpaired,
)
from guanai.care.pairing.eligibility import (
    AREA_KINDS,
    PAIRABLE_ROLES,
    helpers_eligible,
    helpers_offered,
    pairing_areas,
)
from guanai.care.pairing.selectors import (
    access_pairing,
    access_person_paired,
    access_person_to_pair,
    pairings_search,
    pairings_visible,
    person_pairings,
    persons_chosen,
)
from guanai.care.pairing.services import (
    BUDDY_NAME_LENGTH,
    BULK_LIMIT,
    NOTE_LENGTH,
    REASON_LENGTH,
    pairing_end,
    pairing_start,
    pairings_accept,
    pairings_start_bulk,
)

__all__ = [
    "AREA_KINDS",
    "BUDDY_NAME_LENGTH",
    "BULK_LIMIT",
    "NOTE_LENGTH",
    "PAIRABLE_ROLES",
    "REASON_LENGTH",
    "SUGGEST_LIMIT",
    "CoverageFilter",
    "CoverageTotals",
    "Proposal",
    "access_pairing",
    "access_person_paired",
    "access_person_to_pair",
    "access_roster_unit",
    "coverage_persons",
    "coverage_totals",
    "helper_loads",
    "helper_loads_listed",
    "helpers_eligible",
    "helpers_offered",
    "pairing_areas",
    "pairing_end",
    "pairing_start",
    "pairing_suggestions",
    "pairings_accept",
    "pairings_search",
    "pairings_start_bulk",
    "pairings_visible",
    "person_pairings",
    "persons_chosen",
    "persons_unpaired",
]
