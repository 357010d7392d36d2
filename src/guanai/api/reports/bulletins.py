"""Monthly bulletins (通报) through the API: the caller's own, and the published ones above."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from guanai.api.pagination import Pages
from guanai.api.reports.dashboard import KpiOut, kpi_outs
from guanai.api.reports.monthly import (
    ERRORS,
    OPERATION,
    ReportOpenIn,
    ReportVersionIn,
    first_day,
    reader,
)
from guanai.api.schemas import Id, PlainText, UnitRefOut
from guanai.core.text import column_limit
from guanai.reports import bulletins, monthly
from guanai.reports.models import Bulletin, BulletinStatus

router = Router(tags=["reports"])


class BulletinOut(Schema):
    id: int
    unit: UnitRefOut = Field(alias="org_unit")
    month: date
    title: str
    status: BulletinStatus
    version: int
    text: str
    highlights: str
    published_at: datetime | None


class RankedOut(Schema):
    rank: int
    unit: UnitRefOut
    score: Decimal | None
    timeliness: str | None


class OverdueRectificationOut(Schema):
    id: int
    unit: UnitRefOut
    finding: str
    deadline: date
    days_overdue: int


class BulletinDetailOut(BulletinOut):
    kpis: list[KpiOut]
    ranking: list[RankedOut]
    late: list[UnitRefOut]
    missing: list[UnitRefOut]
    overdue_as_of: date = Field(description="Its publication day, or today for a draft.")
    overdue_rectifications: list[OverdueRectificationOut] = Field(
        description="Supervision findings of the unit's subtree overdue on that day."
    )


@router.get(
    "/reports/bulletins",
    response={200: list[BulletinOut], **ERRORS},
    operation_id=OPERATION + "bulletin_list",
)
@paginate(Pages)
def bulletin_list(request: HttpRequest) -> QuerySet[Bulletin]:
    """The bulletins of the caller's units, and the published ones of the units above."""
    user = reader(request)
    return bulletins.bulletins_visible(user)


def _detail(bulletin: Bulletin) -> BulletinDetailOut:
    content = bulletins.content_of(bulletin.org_unit, bulletin.month)
    today = timezone.localdate()
    return BulletinDetailOut(
        id=bulletin.pk,
        org_unit=UnitRefOut(id=bulletin.org_unit.pk, name=bulletin.org_unit.name),
        month=bulletin.month,
        title=bulletin.title,
        status=BulletinStatus(bulletin.status),
        version=bulletin.version,
        text=bulletin.text,
        highlights=bulletin.highlights,
        published_at=bulletin.published_at,
        kpis=kpi_outs(content.kpis),
        ranking=[
            RankedOut(
                rank=entry.rank,
                unit=UnitRefOut(id=entry.unit.pk, name=entry.unit.name),
                score=entry.score,
                timeliness=entry.report.timeliness.value if entry.report else None,
            )
            for entry in content.ranking
        ],
        late=[UnitRefOut(id=r.unit.pk, name=r.unit.name) for r in content.late],
        missing=[UnitRefOut(id=r.unit.pk, name=r.unit.name) for r in content.missing],
        overdue_as_of=bulletins.bulletin_day(bulletin, today),
        overdue_rectifications=[
            OverdueRectificationOut(
                id=row.rectification.pk,
                unit=UnitRefOut(id=row.unit.pk, name=row.unit.name),
                finding=row.rectification.finding,
                deadline=row.rectification.deadline,
                days_overdue=row.days,
            )
            for row in bulletins.overdue_rectifications(bulletin, today)
        ],
    )


@router.get(
    "/reports/bulletins/{bulletin_id}",
    response={200: BulletinDetailOut, **ERRORS},
    operation_id=OPERATION + "bulletin_detail",
)
def bulletin_detail(request: HttpRequest, bulletin_id: Id) -> BulletinDetailOut:
    user = reader(request)
    return _detail(bulletins.access_bulletin(user, bulletin_id))


@router.post(
    "/reports/bulletins",
    response={200: BulletinDetailOut, **ERRORS},
    operation_id=OPERATION + "bulletin_open",
)
def bulletin_open(request: HttpRequest, payload: ReportOpenIn) -> BulletinDetailOut:
    """Open a unit's bulletin for a month, drafting it if there is none."""
    user = reader(request)
    unit = monthly.access_unit(user, payload.unit_id)
    return _detail(
        bulletins.bulletin_open(acting_user=user, unit=unit, month=first_day(payload.month))
    )


class BulletinIn(Schema):
    version: int
    title: Annotated[PlainText, Field(max_length=column_limit(Bulletin, "title"))]
    text: Annotated[str, Field(max_length=bulletins.TEXT_LENGTH)] = ""
    highlights: Annotated[str, Field(max_length=bulletins.TEXT_LENGTH)] = ""


@router.put(
    "/reports/bulletins/{bulletin_id}",
    response={200: BulletinDetailOut, **ERRORS},
    operation_id=OPERATION + "bulletin_save",
)
def bulletin_save(request: HttpRequest, bulletin_id: Id, payload: BulletinIn) -> BulletinDetailOut:
    user = reader(request)
    bulletin = bulletins.access_bulletin(user, bulletin_id)
    return _detail(
        bulletins.bulletin_save(
            acting_user=user,
            bulletin=bulletin,
            version=payload.version,
            title=payload.title,
            text=payload.text,
            highlights=payload.highlights,
        )
    )


@router.post(
    "/reports/bulletins/{bulletin_id}/publish",
    response={200: BulletinDetailOut, **ERRORS},
    operation_id=OPERATION + "bulletin_publish",
)
def bulletin_publish(
    request: HttpRequest, bulletin_id: Id, payload: ReportVersionIn
) -> BulletinDetailOut:
    user = reader(request)
    bulletin = bulletins.access_bulletin(user, bulletin_id)
    return _detail(
        bulletins.bulletin_publish(acting_user=user, bulletin=bulletin, version=payload.version)
    )
