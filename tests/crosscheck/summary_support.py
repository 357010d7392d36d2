"""Findings and lists made directly, at the days a test names (the summary's tests)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from guanai.crosscheck.models import CheckList, Finding, FindingStatus
from guanai.orgs.models import OrgUnit

DAY = dt.date(2026, 5, 10)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def check_list(unit: OrgUnit, uploaded: dt.date = DAY) -> CheckList:
    made = CheckList.objects.create(
        org_unit=unit,
        kind="deaths",
        source="县公安局",
        purpose="比对",
        as_of=uploaded,
        file_name="a.csv",
    )
    CheckList.objects.filter(pk=made.pk).update(uploaded_at=at(uploaded))
    return made


def finding(
    unit: OrgUnit,
    kind: str,
    *,
    found: dt.date = DAY,
    resolved: dt.datetime | None = None,
    urgent: bool = False,
    listed: CheckList | None = None,
) -> Finding:
    listed = listed or check_list(unit)
    made = Finding.objects.create(
        kind=kind,
        list_kind="deaths",
        urgent=urgent,
        org_unit=unit,
        key=f"{kind}-{Finding.objects.count()}",
        name="某人",
        first_list=listed,
        last_list=listed,
        status=FindingStatus.FIXED if resolved else FindingStatus.OPEN,
        resolution="已核实" if resolved else "",
        resolved_at=resolved,
    )
    Finding.objects.filter(pk=made.pk).update(found_at=at(found))
    return made
