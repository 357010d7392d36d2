"""A volunteer group of the test region, its coordinator, volunteers and a visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.activities.events.services import EventData, event_create
from guanai.activities.models.events import EventKind, EventStatus
from guanai.community.models import Volunteer, VolunteerVisit
from guanai.community.volunteers import VolunteerData, visit_open, volunteer_add
from guanai.core.actors import SYSTEM
from guanai.orgs.models import OrgKind, OrgUnit
from tests import factories
from tests.conftest import Region

NAMES = [
    "王芳",
    "李娜",
    "张伟",
    "刘洋",
    "陈静",
    "杨磊",
    "赵敏",
    "黄勇",
    "周杰",
    "吴霞",
    "徐涛",
    "孙丽",
    "马超",
    "朱红",
    "胡斌",
]


@dataclass
class Club:
    group: OrgUnit
    coordinator: User
    host: User


def club_of(region: Region) -> Club:
    group = factories.org_unit(
        parent=region.county, kind=OrgKind.VOLUNTEER_GROUP, name="泸定县志愿者协会"
    )
    return Club(
        group=group,
        coordinator=factories.user(unit=group, role=Role.WORKER, full_name="协会秘书"),
        host=factories.user(unit=region.lengqi_school, role=Role.WORKER, full_name="校长"),
    )


def volunteers(club: Club, count: int, *, first: int = 0) -> list[Volunteer]:
    return [
        volunteer_add(
            acting_user=SYSTEM,
            group=club.group,
            data=VolunteerData(name=f"{NAMES[i % len(NAMES)]}{i}", joined_on=date(2024, 3, 1)),
        )
        for i in range(first, first + count)
    ]


def visit(
    region: Region, club: Club, *, cap: int = 55, start: datetime | None = None
) -> VolunteerVisit:
    start = start or timezone.now().replace(microsecond=0)
    event = event_create(
        acting_user=club.host,
        org_unit=region.lengqi_school,
        data=EventData(
            title="全国助残日走进特教学校",
            kind=EventKind.VOLUNTEER_VISIT,
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            status=EventStatus.PUBLISHED,
        ),
    )
    return visit_open(acting_user=club.host, event=event, group=club.group, volunteer_cap=cap)
