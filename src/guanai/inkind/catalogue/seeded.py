"""The services Guanai ships with, from plan 八 (篇八), seeded by migration ``0002``.

Their codes are fixed names (``guanai not-served`` prints them). The names are Chinese, as
the catalogue a county keeps; a county edits their rules, adds its own services, or stops
using one, but never renames a code.
"""

from __future__ import annotations

from typing import Any

# 1 视力 2 听力 3 言语 4 肢体 5 智力 6 精神 7 多重 (registry.details.DISABILITY_TYPES).
VISUAL, HEARING, PHYSICAL, INTELLECTUAL, MULTIPLE = 1, 2, 4, 5, 7
POOR = ["dibao", "tekun", "orphan", "unsupported_child"]

SERVICES: list[dict[str, Any]] = [
    {
        "code": "wheelchair",
        "name": "轮椅",
        "kind": "device",
        "basis": "免费为自身需要的残疾人发放轮椅、安装助听器等辅助器具。",
        "rules": {"categories": ["disabled"], "types": [PHYSICAL, MULTIPLE]},
        "needs_serial": True,
    },
    {
        "code": "hearing_aid",
        "name": "助听器",
        "kind": "device",
        "basis": "免费为自身需要的残疾人发放轮椅、安装助听器等辅助器具。",
        "rules": {"categories": ["disabled"], "types": [HEARING, MULTIPLE]},
        "needs_serial": True,
    },
    {
        "code": "prosthesis",
        "name": "假肢",
        "kind": "device",
        "basis": "逐步为60周岁以上残疾老人配置假肢、轮椅、助听器等辅具。",
        "rules": {"categories": ["disabled"], "types": [PHYSICAL], "age_min": 60},
        "needs_serial": True,
    },
    {
        "code": "crutches",
        "name": "拐杖、助行器",
        "kind": "device",
        "basis": "免费为自身需要的残疾人发放轮椅、安装助听器等辅助器具。",
        "rules": {"categories": ["disabled"], "types": [PHYSICAL, MULTIPLE]},
        "needs_serial": False,
    },
    {
        "code": "other_device",
        "name": "其他辅助器具（盲杖、助视器等）",
        "kind": "device",
        "basis": "免费为自身需要的残疾人发放轮椅、安装助听器等辅助器具。",
        "rules": {"categories": ["disabled"], "types": [VISUAL, MULTIPLE]},
        "needs_serial": False,
    },
    {
        "code": "rehab_cp_child",
        "name": "贫困脑瘫儿童康复救助",
        "kind": "rehabilitation",
        "basis": "为符合条件的贫困脑瘫儿童通过康复手术、康复训练和适配辅助器具方式实施救助。",
        "rules": {
            "categories": ["disabled"],
            "types": [PHYSICAL, INTELLECTUAL, MULTIPLE],
            "also": POOR,
            "age_max": 17,
        },
    },
    {
        "code": "housing_renovation",
        "name": "散居五保户危房改造",
        "kind": "housing",
        "basis": "实施散居五保对象危房改造工程。力争三年内消除散居五保户危房。",
        "rules": {
            "categories": ["tekun"],
            "support": ["scattered"],
            "house": ["c_grade", "d_grade"],
        },
        "is_project": True,
    },
    {
        "code": "skills_training",
        "name": "职业技能和实用技术培训",
        "kind": "training",
        "basis": "对有劳动能力的残疾人和低保对象开展职业技能培训和实用技术培训。",
        "rules": {"categories": ["disabled", "dibao"], "age_min": 16, "age_max": 59},
    },
    {
        "code": "micro_loan",
        "name": "小额担保贷款",
        "kind": "loan",
        "basis": "为有创业能力的残疾人和低保对象提供小额担保贷款。",
        "rules": {"categories": ["disabled", "dibao"], "age_min": 18, "age_max": 59},
    },
    {
        "code": "medical_insurance",
        "name": "城乡居民基本医疗保险参保资助",
        "kind": "insurance",
        "basis": "将孤儿医疗纳入城镇居民基本医疗保险、新型农村合作医疗等制度范围。",
        "rules": {"categories": ["orphan", "unsupported_child", "tekun", "sanwu"]},
    },
    {
        "code": "school_placement",
        "name": "残疾学生入学支持",
        "kind": "schooling",
        "basis": "帮助有学习能力的残疾人进入普通中小学、高等院校。",
        "rules": {"categories": ["disabled"], "age_min": 6, "age_max": 17},
    },
    {
        "code": "low_rent_housing",
        "name": "三无人员廉租住房",
        "kind": "housing",
        "basis": "对城镇未进入福利院的三无人员，优先安排廉租住房。",
        "rules": {"categories": ["sanwu"], "not_centralised": True},
    },
]


def seed(service_model: Any) -> None:
    """Create the built-in services that are missing (run twice, adds nothing)."""
    for position, entry in enumerate(SERVICES, start=1):
        service_model.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "kind": entry["kind"],
                "basis": entry["basis"],
                "rules": entry["rules"],
                "is_project": entry.get("is_project", False),
                "needs_serial": entry.get("needs_serial", False),
                "position": position * 10,
                "built_in": True,
            },
        )


def unseed(service_model: Any) -> None:
    service_model.objects.filter(built_in=True, applications__isnull=True).delete()
