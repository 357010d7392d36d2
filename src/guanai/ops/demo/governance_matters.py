"""The practical-matters demo (issue 21, point 3): the county's list of this year's matters
for minors (篇六 "每年为未成年人办几件实实在在的实事", 篇一 the family phone, 篇八 the
dangerous houses of scattered 五保 households), half of them done with their evidence —
photos, or the assistance-in-kind requests as the linked record — two under way, one of
them overdue, and two not started.

Everything goes through the services as the system, once: a county that has a list for the
year already is left as it is. The responsible person of each matter is a leader or worker
of its responsible unit or of a unit above it, the nearest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.core.actors import SYSTEM
from guanai.governance.matters import (
    MatterData,
    matter_create,
    matter_done,
    matter_progress,
)
from guanai.governance.models import PracticalMatter
from guanai.ops.demo.pictures import scene
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q


@dataclass(frozen=True)
class Promise:
    """One matter of the demo: its text, where it is carried out, its figure and how far
    it has come (``done``: finished with evidence; ``reached``: the figure so far)."""

    title: str
    detail: str
    lead: str  # "county", "township" or "school"
    target: str = ""
    measure: str = ""
    done: bool = False
    reached: str = ""
    photos: int = 0
    linked: bool = False
    overdue: bool = False


PROMISES = [
    Promise(
        "为全县学校开通亲情电话",
        "每所学校开通一部亲情电话，设立专线并公开号码，方便特殊群体学生课间、双休日与家长联系（篇一）。",
        "county",
        "30",
        "所",
        done=True,
        reached="30",
        photos=2,
    ),
    Promise(
        "建成留守儿童之家",
        "在乡镇中心小学建成留守儿童之家，配备图书、电脑和视频通话设备。",
        "county",
        "10",
        "所",
        done=True,
        reached="10",
        photos=3,
    ),
    Promise(
        "建成心理辅导室",
        "中心小学建成心理辅导室，配备一名兼职心理辅导教师，每周开放两次。",
        "school",
        done=True,
        photos=1,
    ),
    Promise(
        "完成散居五保户危房改造",
        "力争三年内消除散居五保户危房，今年改造15户（篇八）。",
        "county",
        "15",
        "户",
        done=True,
        reached="15",
        linked=True,
    ),
    Promise(
        "发放助学金，资助困难学生",
        "为孤儿、事实无人抚养儿童和低保家庭学生发放助学金。",
        "county",
        "200",
        "名",
        reached="120",
    ),
    Promise(
        "举办家长学校",
        "定期组织家长参加讲座、讨论和知识竞赛，提高科学育儿水平（篇七）。",
        "township",
        "4",
        "期",
        reached="1",
        overdue=True,
    ),
    Promise(
        "为留守儿童配备代家长",
        "动员教师、村干部担任代家长，每人结对一至两名留守儿童。",
        "county",
        "100",
        "名",
    ),
    Promise(
        "开展亲情书信活动",
        "每名留守儿童每学期给在外务工的父母寄一封亲情书信。",
        "township",
    ),
]


def _owner(unit: OrgUnit) -> User | None:
    """Return a leader or worker of ``unit`` or the nearest unit above it that has one."""
    held = (
        scoping.memberships_in_force()
        .filter(org_unit__path__in=unit.ancestor_paths(), role__in=[Role.LEADER, Role.WORKER])
        .select_related("user", "org_unit")
    )
    found = sorted(held, key=lambda m: (-len(m.org_unit.path), m.role != Role.LEADER, m.pk))
    return found[0].user if found else None


def _leads(county: OrgUnit) -> dict[str, OrgUnit]:
    """Return the units carrying the matters out: the county, a township with staff of its
    own (the first by path) and a school of it."""
    below = OrgUnit.objects.filter(subtree_q([county]), is_active=True).order_by("path")
    staffed = scoping.memberships_in_force().filter(role__in=[Role.LEADER, Role.WORKER])
    townships = below.filter(parent=county, kind=OrgKind.TOWNSHIP)
    township = (
        townships.filter(pk__in=staffed.values("org_unit")).first() or townships.first() or county
    )
    school = below.filter(subtree_q([township]), kind=OrgKind.SCHOOL).first() or township
    return {"county": county, "township": township, "school": school}


def _day(start: date, today: date, share: float) -> date:
    """Return the day ``share`` of the way from the year's first day to ``today``."""
    return start + timedelta(days=int((today - start).days * share))


@transaction.atomic
def build(county: OrgUnit, today: date) -> None:
    """Make ``county``'s list of practical matters for ``today``'s year, once."""
    year = today.year
    if PracticalMatter.objects.filter(org_unit=county, year=year).exists():
        return
    start, end = date(year, 1, 1), date(year, 12, 31)
    leads = _leads(county)
    photo_number = 0
    for promise in PROMISES:
        lead = leads[promise.lead]
        done_on = _day(start, today, 0.8)
        if promise.done:
            deadline = min(end, done_on + timedelta(days=45))
        elif promise.overdue and today > start:
            deadline = today - timedelta(days=1)
        else:
            deadline = end
        made = matter_create(
            SYSTEM,
            unit=county,
            year=year,
            data=MatterData(
                title=promise.title,
                detail=promise.detail,
                lead_unit=lead,
                owner=_owner(lead),
                deadline=deadline,
                target=promise.target or None,
                target_unit=promise.measure,
            ),
        )
        if not (promise.done or promise.reached):
            continue
        # A first update half-way, then (for a matter done) the finish with its evidence.
        half = str(int(promise.target) // 2) if promise.target and promise.done else ""
        matter_progress(
            SYSTEM,
            made,
            version=made.version,
            on=_day(start, today, 0.4),
            text="已落实资金和场地，正在推进。" if promise.done else "正在推进，已完成部分。",
            reached=half or promise.reached or None,
        )
        if not promise.done:
            continue
        made.refresh_from_db()
        photos = []
        for n in range(promise.photos):
            photos.append(ContentFile(scene(photo_number), name=f"实事照片{n + 1}.png"))
            photo_number += 1
        update = matter_progress(
            SYSTEM,
            made,
            version=made.version,
            on=done_on,
            text="全部完成，已验收。",
            reached=promise.reached or None,
            link=reverse("inkind:application_list") if promise.linked else "",
            photos=photos,
        )
        made.refresh_from_db()
        matter_done(SYSTEM, made, version=made.version, on=update.on)
