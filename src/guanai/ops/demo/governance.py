"""The work organisation's demo (issue 21): each part builds its own records, in the order
the work runs — the groups and the plan first, then the practical matters, the supervision
visits and their rectifications, and the multi-year targets with two years of progress."""

from __future__ import annotations

from datetime import date

from guanai.ops.demo import (
    governance_groups,
    governance_matters,
    governance_supervision,
    governance_targets,
)
from guanai.orgs.models import OrgUnit


def demo_governance(units: dict[str, OrgUnit], today: date) -> None:
    county = units["luding"]
    governance_groups.build(county, today)
    governance_matters.build(county, today)
    governance_supervision.build(county, today)
    governance_targets.build(county, today)
