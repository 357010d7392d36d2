"""The two questionnaires Guanai ships with, written for this project as a county's civil
affairs office would write them: the yearly 摸底排查 of left-behind children and the survey
of disabled persons' basic services and needs.

Each is a definition the engine reads (``surveys.engine.form_read``). The problems the
answers point to are short names ("无人监护", "住房为D级危房"): the analysis ranks them as the
"普遍问题" of a round. The data migration ``0002_seeded_forms`` creates both with no unit
(every unit may use them or copy them) and version 1 published; ``seed`` is what it calls.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

SEEDED_LEFT_BEHIND = "留守儿童情况调查表"
SEEDED_DISABLED = "残疾人基本服务状况和需求调查表"


def _opt(value: str, label: str, problem: str = "") -> dict[str, str]:
    option = {"value": value, "label": label}
    if problem:
        option["problem"] = problem
    return option


def _q(code: str, kind: str, label: str, **extra: Any) -> dict[str, Any]:
    question: dict[str, Any] = {"code": code, "type": kind, "label": label}
    question.update(extra)
    return question


def _yes_no(code: str, label: str, problem: str = "", on: str = "yes", **extra: Any) -> Any:
    if problem:
        extra.update(problem_if=on, problem=problem)
    return _q(code, "yes_no", label, **extra)


LEFT_BEHIND_PURPOSE = (
    "每学年开学后一个月内，由学校班主任和村（居）儿童主任入户或到校逐一了解留守儿童的监护照料、"
    "亲子联系、学习、身体、心理和安全情况，找出影响健康成长的普遍问题，据此建立健全工作档案、"
    "制定帮扶措施。"
)

LEFT_BEHIND: dict[str, Any] = {
    "sections": [
        {
            "title": "基本情况与监护照料",
            "questions": [
                _q(
                    "parents_away",
                    "single",
                    "父母外出务工情况",
                    required=True,
                    options=[
                        _opt("both", "父母均外出"),
                        _opt("father", "父亲外出，母亲无监护能力"),
                        _opt("mother", "母亲外出，父亲无监护能力"),
                    ],
                ),
                _q(
                    "guardian",
                    "single",
                    "现在由谁监护照料",
                    required=True,
                    options=[
                        _opt("grand", "祖父母或外祖父母"),
                        _opt("relative", "其他亲属"),
                        _opt("friend", "父母的朋友"),
                        _opt("self", "自己照顾自己", "无人监护"),
                        _opt("none", "无人监护", "无人监护"),
                    ],
                    domain="life",
                ),
                _q(
                    "guardian_age",
                    "number",
                    "监护人年龄",
                    help="填写主要照料人的周岁年龄。",
                    min=16,
                    max=100,
                    required=True,
                    show_if={"question": "guardian", "in": ["grand", "relative", "friend"]},
                    problem_at_least=70,
                    problem="监护人年迈",
                    domain="life",
                ),
                _yes_no(
                    "guardian_able",
                    "监护人身体健康、有能力照料",
                    "监护人无力照料",
                    on="no",
                    required=True,
                    show_if={"question": "guardian", "in": ["grand", "relative", "friend"]},
                    domain="life",
                ),
                _yes_no(
                    "agreement",
                    "是否签订委托照护协议",
                    "未签委托照护协议",
                    on="no",
                    show_if={"question": "guardian", "in": ["grand", "relative", "friend"]},
                ),
                _q(
                    "siblings",
                    "number",
                    "同住的兄弟姐妹人数",
                    min=0,
                    max=10,
                ),
            ],
        },
        {
            "title": "亲子联系",
            "questions": [
                _q(
                    "contact",
                    "single",
                    "与父母联系（电话、视频）的频率",
                    required=True,
                    options=[
                        _opt("daily", "几乎每天"),
                        _opt("weekly", "每周一次以上"),
                        _opt("monthly", "每月一次左右"),
                        _opt("rarely", "很少或从不联系", "与父母联系少"),
                    ],
                    domain="psychology",
                ),
                _q(
                    "last_home",
                    "date",
                    "父母最近一次回家的日期",
                    help="记不清具体日期时，填写大约的月份第一天。",
                ),
                _q(
                    "home_times",
                    "single",
                    "父母一年回家几次",
                    required=True,
                    options=[
                        _opt("several", "三次及以上"),
                        _opt("once_twice", "一到两次"),
                        _opt("none", "一年以上未回家", "父母一年以上未回家"),
                    ],
                    domain="psychology",
                ),
                _q(
                    "miss_parents",
                    "rating",
                    "想念父母的程度",
                    help="1 表示很少想念，5 表示非常想念。",
                    scale=5,
                ),
            ],
        },
        {
            "title": "学习情况",
            "questions": [
                _q(
                    "grade_level",
                    "single",
                    "学习成绩在班上的位置",
                    required=True,
                    options=[
                        _opt("top", "上游"),
                        _opt("middle", "中游"),
                        _opt("low", "下游", "学习成绩差"),
                    ],
                    domain="study",
                ),
                _yes_no(
                    "homework_help",
                    "家中有人辅导作业",
                    "作业无人辅导",
                    on="no",
                    domain="study",
                ),
                _q(
                    "absence_days",
                    "number",
                    "本学期缺课天数",
                    min=0,
                    max=120,
                    problem_at_least=10,
                    problem="缺课较多",
                    domain="study",
                ),
                _yes_no("drop_out_risk", "是否有厌学或辍学倾向", "有辍学倾向", domain="study"),
            ],
        },
        {
            "title": "身体健康",
            "questions": [
                _q(
                    "health",
                    "single",
                    "身体状况",
                    required=True,
                    options=[
                        _opt("good", "健康"),
                        _opt("ill", "患慢性病", "患有慢性病"),
                        _opt("disabled", "有残疾", "有残疾"),
                    ],
                    domain="health",
                ),
                _q(
                    "illness",
                    "text",
                    "所患疾病或残疾情况",
                    max_length=200,
                    required=True,
                    show_if={"question": "health", "in": ["ill", "disabled"]},
                ),
                _yes_no("vaccinated", "是否按时接种疫苗", "未按时接种疫苗", on="no"),
                _yes_no("meals", "一日三餐是否有保障", "吃饭没有保障", on="no", domain="life"),
            ],
        },
        {
            "title": "心理与行为",
            "questions": [
                _q(
                    "mood",
                    "rating",
                    "近一个月的心情",
                    help="1 表示很差，5 表示很好。",
                    scale=5,
                    required=True,
                    problem_at_most=2,
                    problem="情绪低落",
                    domain="psychology",
                ),
                _yes_no("lonely", "是否常感到孤独", "常感孤独", domain="psychology"),
                _q(
                    "behaviour",
                    "multiple",
                    "近期是否有以下行为",
                    options=[
                        _opt("withdrawn", "不爱说话、不合群", "性格孤僻"),
                        _opt("fights", "与同学打架", "有攻击行为"),
                        _opt("games", "沉迷手机游戏", "沉迷网络游戏"),
                        _opt("truancy", "逃学、夜不归宿", "逃学或夜不归宿"),
                        _opt("none", "以上都没有"),
                    ],
                    domain="psychology",
                ),
                _q("confidant", "text", "遇到烦心事最愿意告诉谁", max_length=100),
            ],
        },
        {
            "title": "安全",
            "questions": [
                _yes_no(
                    "safety_education",
                    "是否接受过防溺水、交通、防性侵等安全教育",
                    "未受过安全教育",
                    on="no",
                    domain="activities",
                ),
                _q(
                    "school_way",
                    "single",
                    "上下学方式",
                    options=[
                        _opt("adult", "大人接送"),
                        _opt("walk_group", "与同学结伴步行"),
                        _opt("walk_alone", "独自步行较远山路", "独自走远路上学"),
                        _opt("boarding", "住校"),
                    ],
                ),
                _yes_no("injured", "近一年是否受过意外伤害", "近一年受过意外伤害"),
                _yes_no(
                    "bullied",
                    "是否受到欺凌或侵害",
                    "受到欺凌或侵害",
                    domain="psychology",
                ),
            ],
        },
        {
            "title": "需求",
            "questions": [
                _q(
                    "needs",
                    "multiple",
                    "最需要哪些帮助（可多选）",
                    required=True,
                    options=[
                        _opt("study", "学习辅导", "需要学习辅导"),
                        _opt("talk", "心理疏导", "需要心理疏导"),
                        _opt("contact", "与父母视频通话", "需要亲情联系"),
                        _opt("life", "生活用品或资助", "需要生活资助"),
                        _opt("company", "节假日陪伴", "需要节假日陪伴"),
                        _opt("none", "暂不需要"),
                    ],
                ),
                _q("wish", "text", "孩子的心愿", max_length=200),
            ],
        },
    ]
}


DISABLED_PURPOSE = (
    "按照残疾人基本服务状况和需求信息数据动态更新工作要求，由村（社区）专职委员入户逐人了解"
    "持证残疾人的收入住房、教育、就业、社会保障、康复、无障碍和照护情况，掌握基本服务缺口，"
    "作为安排救助、康复和托养服务的依据。"
)

DISABLED: dict[str, Any] = {
    "sections": [
        {
            "title": "收入与住房",
            "questions": [
                _q(
                    "disability_kind",
                    "single",
                    "残疾类别",
                    required=True,
                    options=[
                        _opt("vision", "视力残疾"),
                        _opt("hearing", "听力残疾"),
                        _opt("speech", "言语残疾"),
                        _opt("limb", "肢体残疾"),
                        _opt("intellect", "智力残疾"),
                        _opt("mental", "精神残疾"),
                        _opt("multiple", "多重残疾"),
                    ],
                ),
                _q(
                    "grade",
                    "single",
                    "残疾等级",
                    required=True,
                    options=[
                        _opt("1", "一级"),
                        _opt("2", "二级"),
                        _opt("3", "三级"),
                        _opt("4", "四级"),
                    ],
                ),
                _q(
                    "income",
                    "number",
                    "家庭上年人均年收入（元）",
                    min=0,
                    max=1000000,
                    required=True,
                    problem_at_most=6000,
                    problem="家庭收入低",
                    domain="life",
                ),
                _q(
                    "house",
                    "single",
                    "住房状况",
                    required=True,
                    options=[
                        _opt("safe", "安全住房"),
                        _opt("c_level", "C级危房", "住房为C级危房"),
                        _opt("d_level", "D级危房", "住房为D级危房"),
                        _opt("none", "无自有住房，借住或租住", "无自有住房"),
                    ],
                    domain="life",
                ),
                _yes_no(
                    "house_repair",
                    "是否已纳入危房改造计划",
                    "危房未纳入改造",
                    on="no",
                    show_if={"question": "house", "in": ["c_level", "d_level"]},
                    domain="life",
                ),
                _q(
                    "living_with",
                    "single",
                    "与谁共同居住",
                    options=[
                        _opt("family", "与家人同住"),
                        _opt("alone", "独居", "独居无人照应"),
                        _opt("institution", "住在托养或养老机构"),
                    ],
                ),
            ],
        },
        {
            "title": "教育",
            "questions": [
                _q(
                    "school_age",
                    "yes_no",
                    "是否为6至15周岁义务教育阶段",
                    required=True,
                ),
                _q(
                    "schooling",
                    "single",
                    "受教育状况",
                    required=True,
                    show_if={"question": "school_age", "in": ["yes"]},
                    options=[
                        _opt("regular", "随班就读"),
                        _opt("special", "特殊教育学校"),
                        _opt("home", "送教上门"),
                        _opt("out", "未入学", "适龄残疾儿童未入学"),
                    ],
                    domain="study",
                ),
                _q(
                    "education",
                    "single",
                    "最高学历",
                    show_if={"question": "school_age", "in": ["no"]},
                    options=[
                        _opt("none", "未上过学"),
                        _opt("primary", "小学"),
                        _opt("junior", "初中"),
                        _opt("senior", "高中或中专"),
                        _opt("college", "大专及以上"),
                    ],
                ),
            ],
        },
        {
            "title": "就业",
            "questions": [
                _q(
                    "working_age",
                    "yes_no",
                    "是否为16至59周岁劳动年龄段",
                    required=True,
                ),
                _q(
                    "employment",
                    "single",
                    "就业状况",
                    required=True,
                    show_if={"question": "working_age", "in": ["yes"]},
                    options=[
                        _opt("employed", "按比例或集中就业"),
                        _opt("self", "个体或灵活就业"),
                        _opt("farming", "从事农业生产"),
                        _opt("unemployed", "有劳动能力但未就业", "有劳动能力未就业"),
                        _opt("unable", "无劳动能力"),
                    ],
                ),
                _q(
                    "work_income",
                    "number",
                    "本人上月劳动收入（元）",
                    min=0,
                    max=100000,
                    show_if={"question": "employment", "in": ["employed", "self", "farming"]},
                ),
                _q(
                    "training_wish",
                    "multiple",
                    "希望参加的职业培训（可多选）",
                    show_if={"question": "employment", "in": ["unemployed", "farming"]},
                    options=[
                        _opt("farming", "种植养殖", "想学种植养殖"),
                        _opt("handcraft", "手工编织", "想学手工编织"),
                        _opt("massage", "盲人按摩", "想学盲人按摩"),
                        _opt("ecommerce", "电子商务", "想学电子商务"),
                        _opt("none", "不需要"),
                    ],
                ),
            ],
        },
        {
            "title": "社会保障",
            "questions": [
                _yes_no("dibao", "是否享受最低生活保障", required=True),
                _yes_no(
                    "living_subsidy",
                    "是否享受困难残疾人生活补贴",
                    "未享受生活补贴",
                    on="no",
                    required=True,
                    domain="life",
                ),
                _yes_no(
                    "care_subsidy",
                    "是否享受重度残疾人护理补贴",
                    "未享受护理补贴",
                    on="no",
                    show_if={"question": "grade", "in": ["1", "2"]},
                    required=True,
                    domain="life",
                ),
                _yes_no(
                    "medical_insurance",
                    "是否参加城乡居民基本医疗保险",
                    "未参加医疗保险",
                    on="no",
                    required=True,
                    domain="health",
                ),
                _yes_no(
                    "pension_insurance",
                    "是否参加城乡居民养老保险",
                    "未参加养老保险",
                    on="no",
                    show_if={"question": "working_age", "in": ["yes"]},
                ),
            ],
        },
        {
            "title": "康复与辅助器具",
            "questions": [
                _yes_no(
                    "rehab_received",
                    "近一年是否得到康复服务",
                    "未得到康复服务",
                    on="no",
                    required=True,
                    domain="health",
                ),
                _q(
                    "rehab_needs",
                    "multiple",
                    "康复服务需求（可多选）",
                    required=True,
                    options=[
                        _opt("medical", "医疗康复", "需要医疗康复"),
                        _opt("training", "功能训练", "需要功能训练"),
                        _opt("device", "辅助器具", "需要辅助器具"),
                        _opt("guidance", "康复知识指导"),
                        _opt("none", "暂不需要"),
                    ],
                    domain="health",
                ),
                _q(
                    "device_needs",
                    "multiple",
                    "需要哪些辅助器具（可多选）",
                    required=True,
                    show_if={"question": "rehab_needs", "in": ["device"]},
                    options=[
                        _opt("wheelchair", "轮椅", "需要轮椅"),
                        _opt("crutch", "拐杖或助行器", "需要助行器"),
                        _opt("hearing_aid", "助听器", "需要助听器"),
                        _opt("glasses", "助视器或盲杖", "需要助视器"),
                        _opt("prosthesis", "假肢或矫形器", "需要假肢矫形器"),
                        _opt("other", "其他"),
                    ],
                    domain="health",
                ),
                _q(
                    "device_date",
                    "date",
                    "最近一次适配辅助器具的日期",
                    show_if={"question": "rehab_needs", "in": ["device"]},
                ),
                _q(
                    "self_care",
                    "rating",
                    "生活自理能力",
                    help="1 表示完全不能自理，5 表示完全自理。",
                    scale=5,
                    required=True,
                    problem_at_most=2,
                    problem="生活不能自理",
                    domain="life",
                ),
            ],
        },
        {
            "title": "无障碍",
            "questions": [
                _yes_no(
                    "home_barrier_free",
                    "家中出入、如厕、洗浴是否方便",
                    "家庭无障碍改造需求",
                    on="no",
                    required=True,
                    domain="life",
                ),
                _q(
                    "barrier_items",
                    "multiple",
                    "需要改造的项目（可多选）",
                    show_if={"question": "home_barrier_free", "in": ["no"]},
                    options=[
                        _opt("ramp", "门口坡道"),
                        _opt("handrail", "扶手"),
                        _opt("toilet", "坐便器或洗浴椅"),
                        _opt("alarm", "闪光门铃或报警器"),
                    ],
                ),
                _yes_no("go_out", "能否独立出门办事", "出行困难", on="no"),
                _yes_no(
                    "info_access",
                    "是否需要手语、读屏软件等信息无障碍服务",
                    "需要信息无障碍服务",
                ),
            ],
        },
        {
            "title": "照护需求",
            "questions": [
                _q(
                    "carer",
                    "single",
                    "平时主要由谁照护",
                    required=True,
                    options=[
                        _opt("self", "自理，不需要照护"),
                        _opt("family", "家人照护"),
                        _opt("paid", "请人照护"),
                        _opt("nobody", "需要照护但无人照护", "无人照护"),
                    ],
                    domain="life",
                ),
                _q(
                    "carer_age",
                    "number",
                    "主要照护人年龄",
                    min=10,
                    max=100,
                    show_if={"question": "carer", "in": ["family", "paid"]},
                    problem_at_least=70,
                    problem="照护人年迈",
                ),
                _q(
                    "care_service",
                    "single",
                    "希望得到的托养照护服务",
                    options=[
                        _opt("home", "居家上门服务", "需要居家照护服务"),
                        _opt("day", "日间照料", "需要日间照料"),
                        _opt("residential", "寄宿制托养", "需要寄宿制托养"),
                        _opt("none", "不需要"),
                    ],
                    domain="life",
                ),
                _q(
                    "activities_wish",
                    "yes_no",
                    "是否愿意参加文体活动和志愿者探访",
                    domain="activities",
                ),
                _q("other_needs", "text", "其他困难和诉求", max_length=500),
            ],
        },
    ]
}

# (title, purpose, categories, definition) of each seeded questionnaire.
SEEDED: list[tuple[str, str, list[str], dict[str, Any]]] = [
    (SEEDED_LEFT_BEHIND, LEFT_BEHIND_PURPOSE, ["left_behind"], LEFT_BEHIND),
    (SEEDED_DISABLED, DISABLED_PURPOSE, ["disabled"], DISABLED),
]


def seed(questionnaire_model: Any, version_model: Any) -> None:
    """Create each seeded questionnaire with no unit, version 1 published (once)."""
    now = timezone.now()
    for title, purpose, categories, definition in SEEDED:
        if questionnaire_model.objects.filter(org_unit=None, title=title).exists():
            continue
        questionnaire = questionnaire_model.objects.create(
            org_unit=None, title=title, purpose=purpose, categories=categories
        )
        version_model.objects.create(
            questionnaire=questionnaire,
            number=1,
            definition=definition,
            status="published",
            published_at=now,
        )


def unseed(questionnaire_model: Any) -> None:
    """Remove the seeded questionnaires that no round uses."""
    titles = [title for title, *_rest in SEEDED]
    questionnaire_model.objects.filter(
        org_unit=None, title__in=titles, versions__rounds__isnull=True
    ).delete()
