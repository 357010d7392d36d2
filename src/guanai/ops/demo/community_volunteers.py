"""The volunteers demo (issue 16, point 9): the county's volunteer association and plan 四's
visit on National Day for Helping the Disabled.

泸定县关爱志愿者协会 keeps 40 active volunteers (deterministic Chinese names, one of them the
demo account ``volunteer``, 泽仁拉姆). Plan 四's visit — "志愿者一行55人" — took 55: the 40 and
15 群友 who came for that day only and are kept as inactive volunteers since. It is an event
of kind volunteer visit held by the county's care centre for disabled persons (the demo's
closest unit to plan 四's special-education school) on the third Sunday of May of this year,
or of last year before that day; the roles of plan 四's thank-you list (who gave the lead,
who scouted, who led, donors, drivers, who wrote it up), and every participant's shift
checked in and out and confirmed by the centre; its acknowledgement list (感谢名单) is made
from those roles. Everything goes through the services as the system. It runs once: when
the association has a volunteer it changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from guanai.accounts.models import User
from guanai.activities.events import EventData, event_create
from guanai.activities.models.events import EventKind, EventStatus
from guanai.community.models import ServiceShift, VisitRoleKind, Volunteer, VolunteerVisit
from guanai.community.thanks import acknowledgement_make
from guanai.community.volunteers import (
    VolunteerData,
    check_in,
    check_out,
    shifts_confirm_all,
    visit_open,
    visit_role_add,
    visit_sign_up,
    volunteer_add,
    volunteer_update,
)
from guanai.core.actors import SYSTEM
from guanai.orgs.models import OrgUnit

ACTIVE = 40
PARTICIPANTS = 55
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高罗郑梁谢宋唐"
GIVEN = ["建国", "秀兰", "志强", "丽华", "海燕", "文斌", "春梅", "伟东", "晓红", "德明", "玉珍"]
SKILLS = [[], ["company"], ["tutoring"], ["driving"], ["medical"], ["writing"], ["cooking"]]
AVAILABILITY = ["周末", "工作日晚上", "节假日", "随时"]
# Plan 四's thank-you list: the role and the volunteers (by number) who held it.
ROLES = {
    VisitRoleKind.LEAD_GIVER: [3],
    VisitRoleKind.SCOUT: [5, 11],
    VisitRoleKind.LEAD: [1],
    VisitRoleKind.DONOR: [2, 8, 14, 20, 47],
    VisitRoleKind.DRIVER: [4, 9, 16, 23, 30, 36],
    VisitRoleKind.WRITER: [7],
}
DEMO_ACCOUNT = "volunteer"


def helping_the_disabled_day(year: int) -> date:
    """Return National Day for Helping the Disabled (全国助残日): the third Sunday of May."""
    first = date(year, 5, 1)
    first_sunday = first + timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + timedelta(weeks=2)


def _name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)]


def _phone(n: int) -> str:
    return f"139{(n * 7919 + 1357) % 100000000:08d}"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@transaction.atomic
def demo_volunteers(units: dict[str, OrgUnit], today: date) -> int:
    """Add the association's volunteers and plan 四's visit unless it has volunteers;
    return how many volunteers it made."""
    group = units["volunteers"]
    if Volunteer.objects.filter(group=group).exists():
        return 0
    day = helping_the_disabled_day(today.year)
    if day > today:
        day = helping_the_disabled_day(today.year - 1)
    account = User.objects.filter(username=DEMO_ACCOUNT).first()
    volunteers = [
        volunteer_add(
            acting_user=SYSTEM,
            group=group,
            data=VolunteerData(
                name="泽仁拉姆" if n == 0 else _name(n),
                joined_on=day - timedelta(days=30 + n * 11),
                phone=_phone(n),
                skills=SKILLS[n % len(SKILLS)],
                availability=AVAILABILITY[n % len(AVAILABILITY)],
                user=account if n == 0 else None,
            ),
        )
        for n in range(PARTICIPANTS)
    ]
    event = event_create(
        acting_user=SYSTEM,
        org_unit=units["institution"],
        data=EventData(
            title="全国助残日志愿者走进托养中心",
            kind=EventKind.VOLUNTEER_VISIT,
            starts_at=_at(day, 9),
            ends_at=_at(day, 17),
            place="泸定县残疾人托养中心",
            status=EventStatus.PUBLISHED,
            notes="与生活老师一同为学员包饺子，参观教室和作品，互动游戏。",
        ),
    )
    visit = visit_open(acting_user=SYSTEM, event=event, group=group, volunteer_cap=PARTICIPANTS)
    _roles_and_shifts(visit, volunteers, day)
    # Its thank-you list, made from the roles, ready to edit and print.
    acknowledgement_make(acting_user=SYSTEM, visit=visit)
    # The 15 群友 who came for the day only are kept, as inactive volunteers.
    for volunteer in volunteers[ACTIVE:]:
        volunteer_update(
            acting_user=SYSTEM,
            volunteer=volunteer,
            data=VolunteerData(
                name=volunteer.name,
                joined_on=volunteer.joined_on,
                phone=None,
                skills=volunteer.skills,
                availability=volunteer.availability,
                is_active=False,
            ),
            version=volunteer.version,
        )
    return len(volunteers)


def _roles_and_shifts(visit: VolunteerVisit, volunteers: list[Volunteer], day: date) -> None:
    visit_sign_up(acting_user=SYSTEM, visit=visit, volunteers=volunteers)
    for role, numbers in ROLES.items():
        for n in numbers:
            visit_role_add(acting_user=SYSTEM, visit=visit, volunteer=volunteers[n], role=role)
    for n, volunteer in enumerate(volunteers):
        # Most arrive by the bus at nine; the drivers and the lead earlier, some later.
        arrived = _at(day, 8, 30) if n in ROLES[VisitRoleKind.DRIVER] + [1] else _at(day, 9)
        left = _at(day, 15, (n * 13) % 60) if n % 5 else _at(day, 16, 30)
        check_in(acting_user=SYSTEM, visit=visit, volunteer=volunteer, at=arrived)
        check_out(acting_user=SYSTEM, visit=visit, volunteer=volunteer, at=left)
    shifts_confirm_all(acting_user=SYSTEM, visit=visit)
    # The centre confirmed them that evening: the hours count in the visit's month.
    ServiceShift.objects.filter(visit=visit).update(confirmed_at=_at(day, 18))
