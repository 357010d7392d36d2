"""The activity plan templates: the seeds' own calendars (篇一/篇七, 篇二/篇九, 篇三), as data.

A template is not a table: it is what the plans wrote, kept in code so that a new plan
starts from the same words in every unit and a change to a template is reviewed like code.
The titles and descriptions are Chinese on purpose and are NOT passed through gettext: they
are the plans' own words (data a unit copies and then edits), not the interface's strings.

Months are calendar months of the school year, September to August: a plan for school year
2026 dates September–December in 2026 and January–August in 2027 (``school_month``).
"""

from __future__ import annotations

from dataclasses import dataclass

from guanai.orgs.models import OrgKind

# The months of a school year in the order it runs (September first).
SCHOOL_YEAR_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)
# The first term runs September–January, the second February–August.
TERM_MONTHS = {"1": frozenset({9, 10, 11, 12, 1}), "2": frozenset({2, 3, 4, 5, 6, 7, 8})}


@dataclass(frozen=True)
class TemplateItem:
    """One line of a plan's calendar: the month it falls in, its title, the plan's words,
    and the kind of event it would become (``EventKind``'s codes)."""

    month: int
    title: str
    description: str
    kind: str


@dataclass(frozen=True)
class PlanTemplate:
    code: str
    name: str
    unit_kinds: frozenset[str]
    items: tuple[TemplateItem, ...]
    source: str  # which seed plans it reproduces

    def suits(self, unit_kind: str) -> bool:
        return unit_kind in self.unit_kinds


SCHOOLS = frozenset({OrgKind.SCHOOL.value})
KINDERGARTENS = frozenset({OrgKind.KINDERGARTEN.value})


# 篇一 (南张氏小学) and 篇七 are the same plan: 篇一 dates the items by month, 篇七 numbers them
# (1)–(8) in the same order and adds nothing; the months are 篇一's.
SCHOOL_CARING = PlanTemplate(
    code="school_caring",
    name="关爱特殊群体学生活动方案",
    unit_kinds=SCHOOLS,
    source="篇一、篇七",
    items=(
        TemplateItem(
            9,
            "启动关爱特殊群体学生主题教育",
            "启动关爱特殊群体学生主题教育，学校少先队大队部向全校师生发出倡议。学校开通一部"
            "亲情电话，设立专线，将电话号码公开，为特殊群体学生在课间、休息时、双休日或节假日"
            "与家长联系、沟通提供方便，增进学生与家长的感情。",
            "other",
        ),
        TemplateItem(
            9,
            "“手拉手、同成长”结对互助",
            "结合校教务处开展的“教学管理月”辅导学生活动，在师生之间开展“手拉手、同成长”为"
            "主要形式的结对互助活动(同伴结对、师生结对)。引导特殊群体学生做一件有意义的事为"
            "家庭、为学校、为班集体争光添彩，培养学生的荣誉感和上进心。",
            "other",
        ),
        TemplateItem(
            10,
            "每周谈心",
            "各班教师每周与3—5名特殊群体学生谈一次心，了解他们近期的学习、生活、情绪、交友、"
            "身体等方面的情况，交流感情，培养学生良好的心态和健康的心理。",
            "other",
        ),
        TemplateItem(
            11,
            "法制、安全、心理健康教育讲座",
            "举办一次法制、安全、心理健康教育讲座。各班每月举办一次法制、安全、心理健康教育"
            "讲座，教育学生遵纪守法、了解安全常识，让学生身心都健康。",
            "lecture",
        ),
        TemplateItem(
            11,
            "心理健康教育和辅导",
            "打开特殊群体学生心灵之窗，为其进行心理健康教育和辅导，学校开设心理咨询，让学生"
            "说说自己的心里话。",
            "lecture",
        ),
        TemplateItem(
            12,
            "元旦文艺汇演",
            "组织班级学生和特殊群体学生举行元旦文艺汇演，让他们感受到集体的关心和温暖。",
            "festival",
        ),
        TemplateItem(
            12,
            "书法、手抄报比赛",
            "优先让特殊群体学生参加书法，手抄报等系列比赛活动，让他们感受到集体的关心和温暖。",
            "competition",
        ),
        TemplateItem(
            12,
            "写一封亲情书信",
            "指导特殊群体学生利用传统节日、长辈生日、寒暑假等特殊日子给远方的家长写一封亲情"
            "书信，培养学生的表达能力，又对学生进行感恩教育，培养学生尊敬师长的传统美德。",
            "letter_home",
        ),
        TemplateItem(
            12,
            "快乐生日",
            "开展赠一张生日贺卡、写一篇生日感言、送一句生日祝福，卡拉ok讲故事等形式多样、内容"
            "丰富、简便易行、温馨祥和的活动，让每位特殊群体学生过一个快乐的生日。",
            "birthday_party",
        ),
    ),
)


# 篇二 and 篇九 name measures, not months; the months here are ours, chosen so that each
# measure starts when a school year does (files and contact cards in September) and the
# term reviews fall at the ends of the terms (篇二: "有阶段或学期评议").
LEFT_BEHIND = PlanTemplate(
    code="left_behind",
    name="关爱留守学生工作计划",
    unit_kinds=SCHOOLS,
    source="篇二、篇九",
    items=(
        TemplateItem(
            9,
            "建立留守儿童档案和联系卡制度",
            "建立留守儿童档案，使留守儿童建档率达100%；了解学生的家庭状况，现在的监护人、"
            "家长、邻居联络方式，为监管提供宽厚的背景。",
            "other",
        ),
        TemplateItem(
            9,
            "落实“代家长”",
            "要落实好“代家长”，物色有责任心的教师，监督学生的饮食起居，代为管理学生的财物。"
            "学生有了“上司”，有事要汇报，用钱有定额。",
            "other",
        ),
        TemplateItem(
            10,
            "结对帮扶",
            "关爱留守儿童，开展结对帮扶活动，从学习、生活和心理等方面帮助留守儿童，促进留守"
            "儿童生理和心理健康成长，乐于学习。",
            "volunteer_visit",
        ),
        TemplateItem(
            11,
            "丰富多彩的教育活动",
            "开展丰富多彩的教育活动，发展学生特长，让学生愿意进学校，愿意进课堂，愿意学习。"
            "并抓住他们取得的每一个成就给予鼓励。",
            "competition",
        ),
        TemplateItem(
            12,
            "叙说心声",
            "让学生对“家长”，对同学叙说心声，发泄情绪，交流情感。",
            "other",
        ),
        TemplateItem(
            1,
            "学期评议",
            "有领导分工，有具体对象和管理方法，有跟踪记录，成长帮助，有阶段或学期评议。",
            "other",
        ),
        TemplateItem(
            3,
            "核对留守儿童档案",
            "建立健全留守儿童工作档案，留守儿童入学率、巩固率均达100%。",
            "other",
        ),
        TemplateItem(
            6,
            "学期评议",
            "有领导分工，有具体对象和管理方法，有跟踪记录，成长帮助，有阶段或学期评议。",
            "other",
        ),
    ),
)


def _kg(month: int, title: str, kind: str, description: str = "") -> TemplateItem:
    # 篇三's calendar lines are short; a line is its own description unless the plan says more.
    return TemplateItem(month, title, description or title, kind)


# 篇三 (幼儿园家园共育、社区活动方案): its "三、活动安排", September to June, in its words.
KINDERGARTEN_HOME = PlanTemplate(
    code="kindergarten_home",
    name="幼儿园家庭、社区教育活动方案",
    unit_kinds=KINDERGARTENS,
    source="篇三",
    items=(
        _kg(9, "家园联系册第一期", "contact_book"),
        _kg(9, "家长学校第一期", "parent_school"),
        _kg(9, "参观华联超市", "visit"),
        _kg(10, "秋游活动", "visit"),
        _kg(10, "观看国庆的节日气氛", "visit"),
        _kg(
            11,
            "观看农民伯伯秋收",
            "visit",
            "观看农民伯伯秋收，知道粮食来之不易，不能浪费粮食。",
        ),
        _kg(11, "家长开放半日活动", "open_day"),
        _kg(12, "参观服装厂", "visit"),
        _kg(12, "家长学校第二期", "parent_school"),
        _kg(
            1,
            "“迎新春”联谊活动",
            "festival",
            "与家长共同协商社区活动。例：带孩子参加“迎新春”联谊活动，游公园、逛商店，"
            "向孩子介绍成人劳动，教育孩子要尊敬长辈。",
        ),
        _kg(2, "家园联系册第一期", "contact_book"),
        _kg(3, "参观春耕", "visit", "参观春耕，了解农民伯伯的工作情况及劳动工具。"),
        _kg(4, "清明节扫墓活动", "visit"),
        _kg(4, "幼儿运动会", "competition"),
        _kg(5, "春游活动", "visit"),
        _kg(5, "家长开放半日活动", "open_day"),
        _kg(6, "庆六一家园同乐", "festival"),
        _kg(6, "家长学校第二期", "parent_school"),
    ),
)

TEMPLATES: dict[str, PlanTemplate] = {
    t.code: t for t in (SCHOOL_CARING, LEFT_BEHIND, KINDERGARTEN_HOME)
}


def templates_for(unit_kind: str) -> list[PlanTemplate]:
    """Return the templates that suit a unit of ``unit_kind``."""
    return [t for t in TEMPLATES.values() if t.suits(unit_kind)]


def school_month_year(school_year: int, month: int) -> int:
    """Return the calendar year in which ``month`` of ``school_year`` falls."""
    return school_year if month >= SCHOOL_YEAR_MONTHS[0] else school_year + 1
