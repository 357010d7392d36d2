"""Fixtures' helpers for the supervision tests: a county worker recording a visit to 冷碛镇,
its two findings, and a photo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from guanai.accounts.models import Role, User
from guanai.governance.models import Rectification, Visit
from guanai.governance.supervision import (
    CheckData,
    FindingData,
    VisitData,
    rectification_report,
    visit_record,
)
from tests import factories
from tests.conftest import Region

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def png(name: str = "整改照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@dataclass
class People:
    county_worker: User
    lengqi_worker: User
    xinglong_worker: User
    lengqi_leader: User


def people(region: Region) -> People:
    return People(
        county_worker=factories.user(unit=region.county, role=Role.WORKER, username="sv_county"),
        lengqi_worker=factories.user(unit=region.lengqi, role=Role.WORKER, username="sv_lengqi"),
        xinglong_worker=factories.user(
            unit=region.xinglong, role=Role.WORKER, username="sv_xinglong"
        ),
        lengqi_leader=factories.user(
            unit=region.lengqi, role=Role.LEADER, username="sv_lengqi_leader"
        ),
    )


def visit_data(region: Region, visited_on: date, **changes: object) -> VisitData:
    values: dict[str, object] = {
        "org_unit": region.county,
        "inspected": region.lengqi,
        "visited_on": visited_on,
        "team": "高德华、李明",
        "summary": "检查留守儿童结对帮扶与月报报送",
        "checks": [CheckData(label="结对帮扶覆盖率", figure="85.0%", verdict="issue")],
        "findings": [
            FindingData(
                finding="部分留守儿童未落实结对帮扶人",
                required="一周内为每名儿童落实帮扶人",
                deadline=visited_on + timedelta(days=10),
                org_unit=None,
            ),
            FindingData(
                finding="甘露寺村台账不全",
                required="补齐走访台账",
                deadline=visited_on + timedelta(days=20),
                org_unit=region.ganlusi,
            ),
        ],
    }
    values.update(changes)
    return VisitData(**values)  # type: ignore[arg-type]


def recorded(region: Region, user: User, visited_on: date, **changes: object) -> Visit:
    return visit_record(user, visit_data(region, visited_on, **changes))


def first(visit: Visit) -> Rectification:
    return visit.rectifications.order_by("position").first()  # type: ignore[return-value]


def reported(user: User, rectification: Rectification) -> Rectification:
    rectification_report(
        user,
        rectification,
        version=rectification.version,
        text="已为12名儿童落实帮扶人",
        photos=[png()],
    )
    rectification.refresh_from_db()
    return rectification
