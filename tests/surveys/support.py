"""A small survey world: a county with a township, a village and a school, their workers, a
helper, left-behind children, a short questionnaire and a round over the county.

The questionnaire and round are written to the tables as they are, so that each part of
the app can be tested without the others' services; the services' own tests make them
through the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.registry.models import Category, Person
from guanai.surveys.models import Case, FormStatus, FormVersion, Questionnaire, Round
from tests import factories

# Seven questions in two sections: a choice with a problem, a skip, a required number with a
# threshold, a multiple choice with two problems, a yes/no problem, a rating and a text.
SMALL_FORM = {
    "sections": [
        {
            "title": "监护与照料",
            "questions": [
                {
                    "code": "guardian",
                    "type": "single",
                    "label": "现在由谁监护",
                    "required": True,
                    "options": [
                        {"value": "grand", "label": "祖父母"},
                        {"value": "relative", "label": "其他亲属"},
                        {"value": "none", "label": "无人监护", "problem": "无人监护"},
                    ],
                    "domain": "life",
                },
                {
                    "code": "guardian_age",
                    "type": "number",
                    "label": "监护人年龄",
                    "required": True,
                    "min": 18,
                    "max": 100,
                    "show_if": {"question": "guardian", "in": ["grand", "relative"]},
                    "problem_at_least": 70,
                    "problem": "监护人年迈",
                    "domain": "life",
                },
                {
                    "code": "contact",
                    "type": "single",
                    "label": "与父母联系的频率",
                    "required": True,
                    "options": [
                        {"value": "weekly", "label": "每周"},
                        {"value": "monthly", "label": "每月"},
                        {"value": "rarely", "label": "很少或从不", "problem": "与父母联系少"},
                    ],
                    "domain": "psychology",
                },
            ],
        },
        {
            "title": "学习与心理",
            "questions": [
                {
                    "code": "needs",
                    "type": "multiple",
                    "label": "需要哪些帮助",
                    "options": [
                        {"value": "study", "label": "学习辅导", "problem": "学习需要辅导"},
                        {"value": "talk", "label": "心理疏导", "problem": "需要心理疏导"},
                        {"value": "none", "label": "暂不需要"},
                    ],
                },
                {
                    "code": "lonely",
                    "type": "yes_no",
                    "label": "是否常感到孤独",
                    "problem_if": "yes",
                    "problem": "常感孤独",
                    "domain": "psychology",
                },
                {"code": "mood", "type": "rating", "label": "近来心情", "scale": 5},
                {"code": "note", "type": "text", "label": "其他情况", "max_length": 200},
            ],
        },
    ]
}


@dataclass
class World:
    county: OrgUnit
    township: OrgUnit
    village: OrgUnit
    school: OrgUnit
    other_township: OrgUnit
    county_worker: User
    township_worker: User
    other_worker: User
    helper: User
    children: list[Person] = field(default_factory=list)


def world() -> World:
    """Return the county 泸定县 with 冷碛镇 (a village and a school) and 兴隆镇, a worker of
    each, a helper of 冷碛镇, and three left-behind children of 冷碛镇 and one of 兴隆镇."""
    county = factories.org_unit(parent=None, kind=OrgKind.COUNTY, name="泸定县")
    township = factories.org_unit(parent=county, kind=OrgKind.TOWNSHIP, name="冷碛镇")
    village = factories.org_unit(parent=township, kind=OrgKind.VILLAGE, name="甘露寺村")
    school = factories.org_unit(parent=township, kind=OrgKind.SCHOOL, name="冷碛镇中心小学")
    other = factories.org_unit(parent=county, kind=OrgKind.TOWNSHIP, name="兴隆镇")
    w = World(
        county=county,
        township=township,
        village=village,
        school=school,
        other_township=other,
        county_worker=factories.user(unit=county, role=Role.WORKER, full_name="县民政干部"),
        township_worker=factories.user(unit=township, role=Role.WORKER, full_name="李秀英"),
        other_worker=factories.user(unit=other, role=Role.WORKER, full_name="兴隆镇干部"),
        helper=factories.user(unit=school, role=Role.HELPER, full_name="王老师"),
    )
    left_behind = [Category.LEFT_BEHIND]
    w.children = [
        factories.person(school, "张小明", categories=left_behind, born=date(2015, 3, 1)),
        factories.person(school, "李小红", categories=left_behind, born=date(2016, 4, 2)),
        factories.person(village, "王小刚", categories=left_behind, born=date(2014, 5, 3)),
        factories.person(other, "赵小丽", categories=left_behind, born=date(2015, 6, 4)),
    ]
    return w


def small_form(owner: OrgUnit | None = None, definition: dict | None = None) -> FormVersion:
    """Return version 1, published, of a questionnaire with ``SMALL_FORM``'s questions."""
    questionnaire = Questionnaire.objects.create(
        org_unit=owner, title="留守儿童情况调查（测试）", categories=[Category.LEFT_BEHIND]
    )
    return FormVersion.objects.create(
        questionnaire=questionnaire,
        number=1,
        definition=definition or SMALL_FORM,
        status=FormStatus.PUBLISHED,
        published_at=timezone.now(),
    )


def round_over(
    w: World, form: FormVersion, *, title: str = "2027年春季摸底排查", starts: date | None = None
) -> Round:
    """Return an open round of the county with a case for each child, none assigned."""
    starts = starts or date(2027, 3, 1)
    round_ = Round.objects.create(
        org_unit=w.county, title=title, form=form, starts_on=starts, ends_on=date(2027, 4, 30)
    )
    for child in w.children:
        Case.objects.create(
            round=round_,
            person=child,
            org_unit=child.org_unit,
            name=child.name,
            category=Category.LEFT_BEHIND,
        )
    return round_


def saved_at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=timezone.get_current_timezone())
