"""The starting text of an annual work plan, in the four parts the seeds' plans share
(指导思想, 工作目标, 主要措施, 工作要求), adapted to the kind of unit.

Like the activity plans' templates, the text is Chinese on purpose and NOT passed through
gettext: it is the plans' own words (篇八 for a county or township, 篇一/篇七 and 篇九 for a
school), data a unit copies and then edits, kept short so that it is edited rather than
printed as it stands.
"""

from __future__ import annotations

from dataclasses import dataclass

from guanai.orgs.models import OrgKind, OrgUnit


@dataclass(frozen=True)
class Outline:
    title: str
    guiding: str
    goals: str
    measures: str
    requirements: str


OFFICE_KINDS = frozenset({OrgKind.PROVINCE, OrgKind.PREFECTURE, OrgKind.COUNTY, OrgKind.TOWNSHIP})
SCHOOL_KINDS = frozenset({OrgKind.SCHOOL, OrgKind.KINDERGARTEN})

# 篇八: a county's or township's love-assistance plan.
OFFICE_GUIDING = (
    "为全面贯彻落实推动群众工作全面覆盖的要求，结合{unit}实际，对孤儿、城镇“三无”人员、"
    "农村五保户、残疾人和困难群体中的重大疾病患者开展爱心帮扶，制定本计划。"
)
OFFICE_GOALS = (
    "通过爱心活动和政策扶助，切实帮助解决生活、医疗、教育等方面的实际困难，实现爱心帮扶全覆盖。\n"
    "1. 帮扶对象建档率达100%，结对帮扶全覆盖；\n"
    "2. 自愿集中供养的城镇三无人员和农村五保户全部入住敬老院；\n"
    "3. 困难群体中的重大疾病患者得到积极救助。"
)
OFFICE_MEASURES = (
    "（一）爱心结对。农村五保户和残疾人由与其结对认亲的干部职工负责爱心帮扶，每年走访慰问不少于1次。\n"
    "（二）政策扶助。全面落实各项惠民政策，做到应保尽保。\n"
    "（三）社会关爱。组织开展各类献爱心活动，动员社会团体和爱心人士参与爱心帮扶；每年11月19日为慈善爱心日。"
)
OFFICE_REQUIREMENTS = (
    "（一）责任主体。领导小组办公室负责组织实施，单位一把手是具体责任人；结对干部职工是帮扶对象的直接责任人。\n"
    "（二）监督主体。领导小组办公室不定期对各办公室落实情况进行督促检查，实行月通报制，重要情况及时通报。\n"
    "（三）考核主体。每月15日前报送当月爱心帮扶情况，年底统一考核，纳入目标考核。"
)

# 篇一/篇七 and 篇九: a school's plan for its special-group pupils.
SCHOOL_GUIDING = (
    "全面实施素质教育，构建和谐校园，对外来务工子女、留守学生、单亲家庭儿童等特殊群体学生给予关爱，"
    "让他们同在一片蓝天下，身心快乐、健康成长，促进教育公平、社会和谐。"
)
SCHOOL_GOALS = (
    "1. 建立特殊群体学生档案，建档率达100%；\n"
    "2. 特殊群体学生入学率、巩固率均达100%；\n"
    "3. 开展结对帮扶，从学习、生活和心理等方面帮助特殊群体学生健康成长。"
)
SCHOOL_MEASURES = (
    "1. 学习上优先辅导。落实到每一位任课教师，每个学生确立一名学习帮手，建立进步档案。\n"
    "2. 生活上优先照顾。多看一眼，多问一声，多帮一把，使学生开心、家长放心。\n"
    "3. 活动上优先安排。组织特殊群体学生参加集体活动，开通亲情电话，班主任每周与3—5名学生谈心。"
)
SCHOOL_REQUIREMENTS = (
    "1. 成立领导小组，明确职责分工，保证各项工作落实到位。\n"
    "2. 建立目标责任制和工作考评制度，学期末进行评议。\n"
    "3. 及时总结经验，宣传先进典型，营造关爱氛围。"
)

GENERAL_GUIDING = "结合{unit}实际，关心关爱特殊群体，帮助解决实际困难，制定本计划。"
GENERAL_GOALS = "1. 帮扶对象底数清、档案全；\n2. 结对帮扶全覆盖；\n3. 按时报送月报。"
GENERAL_MEASURES = "1. 摸底排查，建立档案。\n2. 结对帮扶，定期走访。\n3. 落实政策，及时救助。"
GENERAL_REQUIREMENTS = "1. 明确责任，落实到人。\n2. 每月15日前报送情况。\n3. 年底总结考核。"


def outline_for(unit: OrgUnit, year: int) -> Outline:
    """Return the starting text of ``unit``'s plan for ``year``."""
    if unit.kind in OFFICE_KINDS:
        return Outline(
            title=f"{unit.name}{year}年爱心帮扶工作计划",
            guiding=OFFICE_GUIDING.format(unit=unit.name),
            goals=OFFICE_GOALS,
            measures=OFFICE_MEASURES,
            requirements=OFFICE_REQUIREMENTS,
        )
    if unit.kind in SCHOOL_KINDS:
        return Outline(
            title=f"{unit.name}{year}年关爱特殊群体学生工作计划",
            guiding=SCHOOL_GUIDING,
            goals=SCHOOL_GOALS,
            measures=SCHOOL_MEASURES,
            requirements=SCHOOL_REQUIREMENTS,
        )
    return Outline(
        title=f"{unit.name}{year}年关爱特殊群体工作计划",
        guiding=GENERAL_GUIDING.format(unit=unit.name),
        goals=GENERAL_GOALS,
        measures=GENERAL_MEASURES,
        requirements=GENERAL_REQUIREMENTS,
    )
