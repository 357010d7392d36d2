"""The disabled persons' services-and-needs survey (残疾人基本服务状况和需求调查表)."""

from __future__ import annotations

from typing import Any

from guanai.surveys.seeded.build import opt, q, yes_no

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
                q(
                    "disability_kind",
                    "single",
                    "残疾类别",
                    required=True,
                    options=[
                        opt("vision", "视力残疾"),
                        opt("hearing", "听力残疾"),
                        opt("speech", "言语残疾"),
                        opt("limb", "肢体残疾"),
                        opt("intellect", "智力残疾"),
                        opt("mental", "精神残疾"),
                        opt("multiple", "多重残疾"),
                    ],
                ),
                q(
                    "grade",
                    "single",
                    "残疾等级",
                    required=True,
                    options=[
                        opt("1", "一级"),
                        opt("2", "二级"),
                        opt("3", "三级"),
                        opt("4", "四级"),
                    ],
                ),
                q(
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
                q(
                    "house",
                    "single",
                    "住房状况",
                    required=True,
                    options=[
                        opt("safe", "安全住房"),
                        opt("c_level", "C级危房", "住房为C级危房"),
                        opt("d_level", "D级危房", "住房为D级危房"),
                        opt("none", "无自有住房，借住或租住", "无自有住房"),
                    ],
                    domain="life",
                ),
                yes_no(
                    "house_repair",
                    "是否已纳入危房改造计划",
                    "危房未纳入改造",
                    on="no",
                    show_if={"question": "house", "in": ["c_level", "d_level"]},
                    domain="life",
                ),
                q(
                    "living_with",
                    "single",
                    "与谁共同居住",
                    options=[
                        opt("family", "与家人同住"),
                        opt("alone", "独居", "独居无人照应"),
                        opt("institution", "住在托养或养老机构"),
                    ],
                ),
            ],
        },
        {
            "title": "教育",
            "questions": [
                q(
                    "school_age",
                    "yes_no",
                    "是否为6至15周岁义务教育阶段",
                    required=True,
                ),
                q(
                    "schooling",
                    "single",
                    "受教育状况",
                    required=True,
                    show_if={"question": "school_age", "in": ["yes"]},
                    options=[
                        opt("regular", "随班就读"),
                        opt("special", "特殊教育学校"),
                        opt("home", "送教上门"),
                        opt("out", "未入学", "适龄残疾儿童未入学"),
                    ],
                    domain="study",
                ),
                q(
                    "education",
                    "single",
                    "最高学历",
                    show_if={"question": "school_age", "in": ["no"]},
                    options=[
                        opt("none", "未上过学"),
                        opt("primary", "小学"),
                        opt("junior", "初中"),
                        opt("senior", "高中或中专"),
                        opt("college", "大专及以上"),
                    ],
                ),
            ],
        },
        {
            "title": "就业",
            "questions": [
                q(
                    "working_age",
                    "yes_no",
                    "是否为16至59周岁劳动年龄段",
                    required=True,
                ),
                q(
                    "employment",
                    "single",
                    "就业状况",
                    required=True,
                    show_if={"question": "working_age", "in": ["yes"]},
                    options=[
                        opt("employed", "按比例或集中就业"),
                        opt("self", "个体或灵活就业"),
                        opt("farming", "从事农业生产"),
                        opt("unemployed", "有劳动能力但未就业", "有劳动能力未就业"),
                        opt("unable", "无劳动能力"),
                    ],
                ),
                q(
                    "work_income",
                    "number",
                    "本人上月劳动收入（元）",
                    min=0,
                    max=100000,
                    show_if={"question": "employment", "in": ["employed", "self", "farming"]},
                ),
                q(
                    "training_wish",
                    "multiple",
                    "希望参加的职业培训（可多选）",
                    show_if={"question": "employment", "in": ["unemployed", "farming"]},
                    options=[
                        opt("farming", "种植养殖", "想学种植养殖"),
                        opt("handcraft", "手工编织", "想学手工编织"),
                        opt("massage", "盲人按摩", "想学盲人按摩"),
                        opt("ecommerce", "电子商务", "想学电子商务"),
                        opt("none", "不需要"),
                    ],
                ),
            ],
        },
        {
            "title": "社会保障",
            "questions": [
                yes_no("dibao", "是否享受最低生活保障", required=True),
                yes_no(
                    "living_subsidy",
                    "是否享受困难残疾人生活补贴",
                    "未享受生活补贴",
                    on="no",
                    required=True,
                    domain="life",
                ),
                yes_no(
                    "care_subsidy",
                    "是否享受重度残疾人护理补贴",
                    "未享受护理补贴",
                    on="no",
                    show_if={"question": "grade", "in": ["1", "2"]},
                    required=True,
                    domain="life",
                ),
                yes_no(
                    "medical_insurance",
                    "是否参加城乡居民基本医疗保险",
                    "未参加医疗保险",
                    on="no",
                    required=True,
                    domain="health",
                ),
                yes_no(
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
                yes_no(
                    "rehab_received",
                    "近一年是否得到康复服务",
                    "未得到康复服务",
                    on="no",
                    required=True,
                    domain="health",
                ),
                q(
                    "rehab_needs",
                    "multiple",
                    "康复服务需求（可多选）",
                    required=True,
                    options=[
                        opt("medical", "医疗康复", "需要医疗康复"),
                        opt("training", "功能训练", "需要功能训练"),
                        opt("device", "辅助器具", "需要辅助器具"),
                        opt("guidance", "康复知识指导"),
                        opt("none", "暂不需要"),
                    ],
                    domain="health",
                ),
                q(
                    "device_needs",
                    "multiple",
                    "需要哪些辅助器具（可多选）",
                    required=True,
                    show_if={"question": "rehab_needs", "in": ["device"]},
                    options=[
                        opt("wheelchair", "轮椅", "需要轮椅"),
                        opt("crutch", "拐杖或助行器", "需要助行器"),
                        opt("hearing_aid", "助听器", "需要助听器"),
                        opt("glasses", "助视器或盲杖", "需要助视器"),
                        opt("prosthesis", "假肢或矫形器", "需要假肢矫形器"),
                        opt("other", "其他"),
                    ],
                    domain="health",
                ),
                q(
                    "device_date",
                    "date",
                    "最近一次适配辅助器具的日期",
                    show_if={"question": "rehab_needs", "in": ["device"]},
                ),
                q(
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
                yes_no(
                    "home_barrier_free",
                    "家中出入、如厕、洗浴是否方便",
                    "家庭无障碍改造需求",
                    on="no",
                    required=True,
                    domain="life",
                ),
                q(
                    "barrier_items",
                    "multiple",
                    "需要改造的项目（可多选）",
                    show_if={"question": "home_barrier_free", "in": ["no"]},
                    options=[
                        opt("ramp", "门口坡道"),
                        opt("handrail", "扶手"),
                        opt("toilet", "坐便器或洗浴椅"),
                        opt("alarm", "闪光门铃或报警器"),
                    ],
                ),
                yes_no("go_out", "能否独立出门办事", "出行困难", on="no"),
                yes_no(
                    "info_access",
                    "是否需要手语、读屏软件等信息无障碍服务",
                    "需要信息无障碍服务",
                ),
            ],
        },
        {
            "title": "照护需求",
            "questions": [
                q(
                    "carer",
                    "single",
                    "平时主要由谁照护",
                    required=True,
                    options=[
                        opt("self", "自理，不需要照护"),
                        opt("family", "家人照护"),
                        opt("paid", "请人照护"),
                        opt("nobody", "需要照护但无人照护", "无人照护"),
                    ],
                    domain="life",
                ),
                q(
                    "carer_age",
                    "number",
                    "主要照护人年龄",
                    min=10,
                    max=100,
                    show_if={"question": "carer", "in": ["family", "paid"]},
                    problem_at_least=70,
                    problem="照护人年迈",
                ),
                q(
                    "care_service",
                    "single",
                    "希望得到的托养照护服务",
                    options=[
                        opt("home", "居家上门服务", "需要居家照护服务"),
                        opt("day", "日间照料", "需要日间照料"),
                        opt("residential", "寄宿制托养", "需要寄宿制托养"),
                        opt("none", "不需要"),
                    ],
                    domain="life",
                ),
                q(
                    "activities_wish",
                    "yes_no",
                    "是否愿意参加文体活动和志愿者探访",
                    domain="activities",
                ),
                q("other_needs", "text", "其他困难和诉求", max_length=500),
            ],
        },
    ]
}

# (title, purpose, categories, definition) of each seeded questionnaire.
