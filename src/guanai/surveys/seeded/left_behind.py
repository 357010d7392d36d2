"""The left-behind children's situation survey (留守儿童情况调查表), as a county would write it."""

from __future__ import annotations

from typing import Any

from guanai.surveys.seeded.build import opt, q, yes_no

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
                q(
                    "parents_away",
                    "single",
                    "父母外出务工情况",
                    required=True,
                    options=[
                        opt("both", "父母均外出"),
                        opt("father", "父亲外出，母亲无监护能力"),
                        opt("mother", "母亲外出，父亲无监护能力"),
                    ],
                ),
                q(
                    "guardian",
                    "single",
                    "现在由谁监护照料",
                    required=True,
                    options=[
                        opt("grand", "祖父母或外祖父母"),
                        opt("relative", "其他亲属"),
                        opt("friend", "父母的朋友"),
                        opt("self", "自己照顾自己", "无人监护"),
                        opt("none", "无人监护", "无人监护"),
                    ],
                    domain="life",
                ),
                q(
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
                yes_no(
                    "guardian_able",
                    "监护人身体健康、有能力照料",
                    "监护人无力照料",
                    on="no",
                    required=True,
                    show_if={"question": "guardian", "in": ["grand", "relative", "friend"]},
                    domain="life",
                ),
                yes_no(
                    "agreement",
                    "是否签订委托照护协议",
                    "未签委托照护协议",
                    on="no",
                    show_if={"question": "guardian", "in": ["grand", "relative", "friend"]},
                ),
                q(
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
                q(
                    "contact",
                    "single",
                    "与父母联系（电话、视频）的频率",
                    required=True,
                    options=[
                        opt("daily", "几乎每天"),
                        opt("weekly", "每周一次以上"),
                        opt("monthly", "每月一次左右"),
                        opt("rarely", "很少或从不联系", "与父母联系少"),
                    ],
                    domain="psychology",
                ),
                q(
                    "last_home",
                    "date",
                    "父母最近一次回家的日期",
                    help="记不清具体日期时，填写大约的月份第一天。",
                ),
                q(
                    "home_times",
                    "single",
                    "父母一年回家几次",
                    required=True,
                    options=[
                        opt("several", "三次及以上"),
                        opt("once_twice", "一到两次"),
                        opt("none", "一年以上未回家", "父母一年以上未回家"),
                    ],
                    domain="psychology",
                ),
                q(
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
                q(
                    "grade_level",
                    "single",
                    "学习成绩在班上的位置",
                    required=True,
                    options=[
                        opt("top", "上游"),
                        opt("middle", "中游"),
                        opt("low", "下游", "学习成绩差"),
                    ],
                    domain="study",
                ),
                yes_no(
                    "homework_help",
                    "家中有人辅导作业",
                    "作业无人辅导",
                    on="no",
                    domain="study",
                ),
                q(
                    "absence_days",
                    "number",
                    "本学期缺课天数",
                    min=0,
                    max=120,
                    problem_at_least=10,
                    problem="缺课较多",
                    domain="study",
                ),
                yes_no("drop_out_risk", "是否有厌学或辍学倾向", "有辍学倾向", domain="study"),
            ],
        },
        {
            "title": "身体健康",
            "questions": [
                q(
                    "health",
                    "single",
                    "身体状况",
                    required=True,
                    options=[
                        opt("good", "健康"),
                        opt("ill", "患慢性病", "患有慢性病"),
                        opt("disabled", "有残疾", "有残疾"),
                    ],
                    domain="health",
                ),
                q(
                    "illness",
                    "text",
                    "所患疾病或残疾情况",
                    max_length=200,
                    required=True,
                    show_if={"question": "health", "in": ["ill", "disabled"]},
                ),
                yes_no("vaccinated", "是否按时接种疫苗", "未按时接种疫苗", on="no"),
                yes_no("meals", "一日三餐是否有保障", "吃饭没有保障", on="no", domain="life"),
            ],
        },
        {
            "title": "心理与行为",
            "questions": [
                q(
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
                yes_no("lonely", "是否常感到孤独", "常感孤独", domain="psychology"),
                q(
                    "behaviour",
                    "multiple",
                    "近期是否有以下行为",
                    options=[
                        opt("withdrawn", "不爱说话、不合群", "性格孤僻"),
                        opt("fights", "与同学打架", "有攻击行为"),
                        opt("games", "沉迷手机游戏", "沉迷网络游戏"),
                        opt("truancy", "逃学、夜不归宿", "逃学或夜不归宿"),
                        opt("none", "以上都没有"),
                    ],
                    domain="psychology",
                ),
                q("confidant", "text", "遇到烦心事最愿意告诉谁", max_length=100),
            ],
        },
        {
            "title": "安全",
            "questions": [
                yes_no(
                    "safety_education",
                    "是否接受过防溺水、交通、防性侵等安全教育",
                    "未受过安全教育",
                    on="no",
                    domain="activities",
                ),
                q(
                    "school_way",
                    "single",
                    "上下学方式",
                    options=[
                        opt("adult", "大人接送"),
                        opt("walk_group", "与同学结伴步行"),
                        opt("walk_alone", "独自步行较远山路", "独自走远路上学"),
                        opt("boarding", "住校"),
                    ],
                ),
                yes_no("injured", "近一年是否受过意外伤害", "近一年受过意外伤害"),
                yes_no(
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
                q(
                    "needs",
                    "multiple",
                    "最需要哪些帮助（可多选）",
                    required=True,
                    options=[
                        opt("study", "学习辅导", "需要学习辅导"),
                        opt("talk", "心理疏导", "需要心理疏导"),
                        opt("contact", "与父母视频通话", "需要亲情联系"),
                        opt("life", "生活用品或资助", "需要生活资助"),
                        opt("company", "节假日陪伴", "需要节假日陪伴"),
                        opt("none", "暂不需要"),
                    ],
                ),
                q("wish", "text", "孩子的心愿", max_length=200),
            ],
        },
    ]
}
