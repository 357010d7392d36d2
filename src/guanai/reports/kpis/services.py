"""Setting KPI targets and entering survey counts.

Both read what a clerk types by the project's one rule for numbers (``core.numbers``):
full-width digits are read, exponents, underscores and other digits refused.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.numbers import parse_count, parse_decimal
from guanai.orgs.models import OrgUnit
from guanai.reports.kpis.access import can_enter_survey, can_set_targets
from guanai.reports.kpis.catalogue import BY_CODE
from guanai.reports.kpis.selectors import survey_years
from guanai.reports.models import KpiTarget, SurveyCount

# The largest survey count: more persons than a province has.
SURVEY_MAXIMUM = 10_000_000


def _percent(target: object) -> Decimal:
    """Read a target as typed ("95", "98.5", "95%", "９５％"): 0 to 100, one decimal at most."""
    text = target.strip().rstrip("%％").strip() if isinstance(target, str) else target
    try:
        return parse_decimal(text, field="target", places=1, maximum=Decimal(100))
    except ValidationFailed:
        raise ValidationFailed(
            _("Enter a percentage from 0 to 100, with one decimal at most."), field="target"
        ) from None


@transaction.atomic
def target_set(*, acting_user: User, unit: OrgUnit, kpi: str, target: object) -> KpiTarget:
    """Set a KPI's target for the unit's subtree (leaders of the unit or above)."""
    if not can_set_targets(acting_user, unit):
        raise PermissionRefused(_("Only a leader of this unit sets its targets."))
    if kpi not in BY_CODE or not BY_CODE[kpi].is_ratio:
        raise ValidationFailed(_("Choose an indicator that is a rate."), field="kpi")
    value = _percent(target)
    setting, _created = KpiTarget.objects.update_or_create(
        org_unit=unit,
        kpi=kpi,
        defaults={"target": value.quantize(Decimal("0.1")), "set_by": acting_user},
    )
    return setting


@transaction.atomic
def survey_count_set(
    *, acting_user: User, unit: OrgUnit, year: object, count: object
) -> SurveyCount:
    """Enter (or correct) the number of special-group persons the unit's survey found in
    a year: the denominator of its registration rate (建档率)."""
    if not can_enter_survey(acting_user, unit):
        raise PermissionRefused(_("Only leaders and workers of this unit enter its survey."))
    years = survey_years()
    if isinstance(year, bool) or not isinstance(year, int) or year not in years:
        raise ValidationFailed(
            _("Choose a year from %(first)s to %(last)s.") % {"first": years[-1], "last": years[0]},
            field="year",
        )
    try:
        number = parse_count(count, field="count", maximum=SURVEY_MAXIMUM)
    except ValidationFailed:
        raise ValidationFailed(
            _("Enter a whole number that is not negative."), field="count"
        ) from None
    setting, _created = SurveyCount.objects.update_or_create(
        org_unit=unit, year=year, defaults={"count": number, "entered_by": acting_user}
    )
    return setting
