"""Many warnings at once for the bulk tests, written straight through the ORM."""

from __future__ import annotations

from guanai.care.models import CareWarning, WarningKind
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests.care.warnings_support import TODAY, days_ago, person

KINDS = list(WarningKind)


def warnings_about(who: Person, n: int, *, kind: str | None = None) -> list[CareWarning]:
    """``n`` open warnings about ``who``, raised one a day before TODAY (kinds in turn)."""
    CareWarning.objects.bulk_create(
        CareWarning(
            org_unit=who.org_unit,
            person=who,
            kind=kind or KINDS[i % len(KINDS)],
            key=f"test:{who.pk}:{i}",
            message=f"{who.name}的第{i + 1}条预警",
            raised_on=days_ago(i + 1, TODAY),
        )
        for i in range(n)
    )
    return list(CareWarning.objects.filter(person=who).order_by("pk"))


def warnings_in(unit: OrgUnit, n: int, name: str = "张三", **kw: str) -> list[CareWarning]:
    return warnings_about(person(unit, name), n, **kw)
