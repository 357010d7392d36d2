"""Lists for the score sheet pages: the sheets a user reads, the units they make sheets
for, the sheets they may start from, and the years offered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.orgs.models import OrgUnit
from guanai.reports.assessment.access import sheets_visible
from guanai.reports.bulletins.access import BULLETIN_KINDS
from guanai.reports.models import AssessmentSheet


def sheet_list(user: User) -> QuerySet[AssessmentSheet]:
    """Return the sheets the user reads, newest year first (for paging)."""
    return sheets_visible(user).order_by("-year", "org_unit__path")


def sheet_units_for(user: User) -> list[OrgUnit]:
    """Return the units whose score sheets the user may write.

    All of them: provinces, prefectures and counties only, a few hundred at most in a
    province, and a unit left out could not be chosen at all.
    """
    units = scoping.units_for(user, scoping.ROSTER_EDITORS)
    if not units:
        return []
    return list(
        OrgUnit.objects.filter(
            scoping.subtree_q(units), kind__in=BULLETIN_KINDS, is_active=True
        ).order_by("path")
    )


def copy_sources(user: User) -> list[AssessmentSheet]:
    """Return the sheets the user may copy from: every sheet they can read, newest first.

    All of them (no cap): only provinces, prefectures and counties make sheets, one a
    year, so the list stays a few hundred long even for a province, and a sheet left out
    could not be chosen at all.
    """
    return list(sheet_list(user))


def years_offered(today: dt.date | None = None) -> Iterable[int]:
    """Return the years a sheet may be started for: next year and the four before it."""
    year = (today or timezone.localdate()).year
    return range(year + 1, year - 4, -1)
