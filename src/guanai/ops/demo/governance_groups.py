"""The work organisation's demo (issue 21, points 1 and 2): the county's 爱心帮扶活动领导小组
and 冷碛镇's 爱心帮扶工作领导小组 as 篇八 sets them up, and the county's annual work plan for this
year, published to the townships.

篇八: the township's group has its office in the civil-affairs office (办公室设在乡民政办),
which checks the other offices from time to time (不定期督促检查) and reports monthly
(月通报); the county's group office gathers the townships' reports by the 15th. Members are
the demo's accounts where there is one (the county leader, the township's clerk, the
school's principal) and persons named only otherwise. Everything goes through the services,
as the system, once.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from guanai.accounts.models import User
from guanai.core.actors import SYSTEM
from guanai.governance.groups import (
    DutiesData,
    GroupData,
    MemberData,
    group_create,
    member_add,
    member_change_post,
    member_update,
)
from guanai.governance.models import GroupMember, LeadingGroup, Post, WorkPlan
from guanai.governance.plans import TaskData, plan_create, plan_publish, task_add
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person

TOWNSHIP_CODE = "513322101000"  # 冷碛镇


def _account(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _add(
    group: LeadingGroup,
    post: str,
    since: date,
    *,
    who: str | User,
    title: str = "",
    duties: str = "",
) -> GroupMember:
    data = MemberData(post=post, start_on=since, title=title, duties=duties)
    if isinstance(who, User):
        data.user = who
    else:
        data.name = who
    return member_add(SYSTEM, group, data=data)


def _county_group(county: OrgUnit, since: date) -> tuple[LeadingGroup, list[GroupMember]]:
    group = group_create(
        SYSTEM,
        unit=county,
        data=GroupData(
            name="爱心帮扶活动领导小组",
            office="领导小组办公室设在县民政局，负责汇总各乡镇每月15日前报送的爱心帮扶情况",
            remit="统筹全县爱心帮扶活动，组织实施、宣传、督促检查和年度考核（篇八）。",
            established_on=since,
        ),
    )
    leader = _account("county_leader")
    members = [
        _add(
            group,
            Post.LEADER,
            since,
            who=leader or "高德华",
            title="县民政局局长",
            duties="全面负责全县爱心帮扶工作",
        ),
        _add(
            group,
            Post.DEPUTY,
            since,
            who="泽郎多吉",
            title="县残联理事长",
            duties="负责残疾人爱心结对和阳光家园计划",
        ),
        _add(
            group,
            Post.MEMBER,
            since,
            who="杨春梅",
            title="县教育局副局长",
            duties="负责孤儿和留守儿童就学保障",
        ),
        _add(
            group,
            Post.MEMBER,
            since,
            who="何建国",
            title="县卫健局副局长",
            duties="负责重大疾病患者医疗救助",
        ),
        _add(
            group,
            Post.OFFICE_DIRECTOR,
            since,
            who="罗文斌",
            title="县民政局社会救助股股长",
            duties="负责办公室日常工作，每月汇总上报州爱心帮扶活动领导小组办公室",
        ),
    ]
    townships = OrgUnit.objects.filter(parent=county, kind=OrgKind.TOWNSHIP).order_by("path")
    member_update(
        SYSTEM,
        members[-1],
        version=members[-1].version,
        data=DutiesData(
            title=members[-1].title,
            duties=members[-1].duties,
            units=list(townships),
        ),
    )
    return group, members


def _township_group(township: OrgUnit, since: date, today: date) -> LeadingGroup:
    group = group_create(
        SYSTEM,
        unit=township,
        data=GroupData(
            name="爱心帮扶工作领导小组",
            office="领导小组办公室设在乡民政办，不定期对各办公室落实爱心帮扶情况进行督促检查，实行月通报制",
            remit="统筹安排全乡爱心帮扶工作，每年年底统一考核（篇八）。",
            established_on=since,
        ),
    )
    _add(
        group,
        Post.LEADER,
        since,
        who="王耀亮",
        title="乡党委书记",
        duties="乡镇一把手，爱心帮扶具体责任人，负责组织、协调、督促、保障",
    )
    deputy = _add(
        group,
        Post.MEMBER,
        since,
        who="刘冬梅",
        title="副乡长",
        duties="协助落实惠民政策，做到应保尽保",
    )
    if today > date(today.year, 1, 1):
        # Promoted this year: the old row ends on 31 December and stays as history.
        member_change_post(
            SYSTEM, deputy, version=deputy.version, post=Post.DEPUTY, on=date(today.year, 1, 1)
        )
    _add(
        group,
        Post.MEMBER,
        since,
        who="陈志刚",
        title="乡财政所所长",
        duties="负责帮扶资金的打捆整合和发放",
    )
    principal = _account("principal")
    if principal is not None:
        _add(
            group,
            Post.MEMBER,
            since,
            who=principal,
            title="冷碛镇中心小学校长",
            duties="负责孤儿、留守儿童在校关爱和结对帮扶",
        )
    worker = _account("township_worker")
    director = _add(
        group,
        Post.OFFICE_DIRECTOR,
        since,
        who=worker or "李秀英",
        title="乡民政办主任",
        duties="负责办公室日常工作，每月15日前报送县领导小组办公室",
    )
    villages = list(OrgUnit.objects.filter(parent=township, kind=OrgKind.VILLAGE).order_by("path"))
    persons: QuerySet[Person] = Person.objects.filter(
        subtree_q([township], field="org_unit__path"), archived_at__isnull=True
    ).order_by("pk")
    member_update(
        SYSTEM,
        director,
        version=director.version,
        data=DutiesData(
            title=director.title,
            duties=director.duties,
            units=villages,
            persons=list(persons[:3]),
        ),
    )
    _add(
        group,
        Post.LIAISON,
        since,
        who="赵敏",
        title="甘露寺村文书",
        duties="联络各村爱心结对干部，收集帮扶信息",
    )
    return group


# The county's timetable (篇八): month, task, the posts responsible.
TASKS: list[tuple[int, str, str, tuple[int, ...]]] = [
    (1, "召开领导小组会议，部署全年爱心帮扶工作", "印发年度工作计划，明确分工", (0, 4)),
    (2, "开展孤儿、五保户、残疾人摸底排查", "更新花名册，建档率达100%", (2, 4)),
    (3, "落实干部职工爱心结对", "五保户和残疾人结对全覆盖", (0, 1)),
    (5, "全国助残日走访慰问贫困残疾人家庭", "每户不少于1次", (1,)),
    (6, "上半年督促检查和通报", "对各乡镇落实情况进行督查", (4,)),
    (9, "孤儿和留守儿童秋季入学保障", "入学率、巩固率达100%", (2,)),
    (11, "慈善爱心日（11月19日）募集活动", "建立慈善爱心基金", (0, 4)),
    (12, "年度考核与总结", "纳入目标考核，表彰先进典型", (0, 1, 4)),
]


def _county_plan(
    county: OrgUnit, group: LeadingGroup, members: list[GroupMember], today: date
) -> WorkPlan:
    plan = plan_create(SYSTEM, unit=county, year=today.year, group=group)
    for month, title, detail, owners in TASKS:
        task_add(
            SYSTEM,
            plan,
            version=plan.version,
            data=TaskData(
                month=month, title=title, detail=detail, owners=[members[i] for i in owners]
            ),
        )
        plan.refresh_from_db()
    return plan_publish(SYSTEM, plan, version=plan.version)


def build(county: OrgUnit, today: date) -> None:
    """Set up the county's and 冷碛镇's leading groups (since January last year) and the
    county's published plan for this year; built once (a second run adds nothing)."""
    if LeadingGroup.objects.filter(org_unit=county).exists():
        return
    since = date(today.year - 1, 1, 6)
    group, members = _county_group(county, since)
    township = (
        OrgUnit.objects.filter(
            subtree_q([county]), kind=OrgKind.TOWNSHIP, code=TOWNSHIP_CODE
        ).first()
        or OrgUnit.objects.filter(parent=county, kind=OrgKind.TOWNSHIP).order_by("path").first()
    )
    if township is not None:
        _township_group(township, since, today)
    _county_plan(county, group, members, today)
