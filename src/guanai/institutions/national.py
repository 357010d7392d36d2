"""The national service standard (plan 五, 残疾人托养服务规范), version 1, as data.

The items are the plan's own: 五 (一) 机构要求 1–10 and 五 (二) 人员要求, 1 管理人员 (1)–(5) and
2 专业人员 (1)–(5), each with the name of the rule that decides it automatically (empty:
checked by hand, ``institutions.standard``) and the rule's parameters. A later national
version is a new list beside this one, never an edit of it: ``seed`` writes version 1 as
it was.

The data migration ``0002_national_standard`` seeds it; ``standards.national_standard``
seeds it again if a database lost it (a test database flushed between transactional
tests), so that a checklist is never without its standard.
"""

from __future__ import annotations

from datetime import date
from typing import Any

CODE = "national"
VERSION = 1
TITLE = "残疾人托养服务规范"
VALID_FROM = date(2012, 1, 1)
ITEMS: list[tuple[str, str, str, dict[str, int]]] = [
    ("机构-1", "托养服务机构一般要求相对独立，设置在交通便利的区域。", "", {}),
    ("机构-2", "服务场所应为自有用房或协议承租5年以上。", "lease", {"min_years": 5}),
    ("机构-3", "依法设立，申请审批、注册登记手续齐全，合法运营。", "", {}),
    ("机构-4", "在显著位置公开服务项目、服务指南和工作流程。", "", {}),
    ("机构-5", "应有稳定的运营资金保障，确保能够持续运营发展。", "", {}),
    (
        "机构-6",
        "配置与其服务范围相适应的服务场地，包括住养居室、食堂、护理保健室、文体活动室、"
        "康复室、心理咨询室、劳动(生产)工作间等。",
        "facilities",
        {},
    ),
    (
        "机构-7",
        "具备基本的无障碍设施设备。寄宿制集中托养机构的建筑设计应符合国家标准《无障碍设计规范》的规定。",
        "barrier_free",
        {},
    ),
    ("机构-8", "房屋建筑质量安全和消防设施符合国家相关标准的要求。", "fire_safety", {}),
    (
        "机构-9",
        "政府兴办的寄宿制托养服务机构应具备《残疾人托养机构建设标准》中规定的基本设施设备、功能场所。",
        "government_residential",
        {},
    ),
    (
        "机构-10",
        "接受中央财政“阳光家园计划”项目资助的机构，应在显著位置使用“阳光家园计划”专用标识。",
        "sunshine_home",
        {},
    ),
    (
        "管理-1",
        "管理人员应从事过管理工作，具有社会工作类、社会福利类或康复类等相关学习或培训经历。",
        "managers_trained",
        {},
    ),
    (
        "管理-2",
        "管理人员熟悉残疾人相关法律法规与政策，熟练掌握残疾人托养的基本知识、主要政策和专业知识。",
        "",
        {},
    ),
    (
        "管理-3",
        "托养服务机构中的财务等专业岗位上的管理人员应当持有有效的从业资格和职业资格证书。",
        "financial_certified",
        {},
    ),
    ("管理-4", "主要管理人员平均年龄不宜超过55岁。", "managers_age", {"max_average_age": 55}),
    (
        "管理-5",
        "管理人员每年至少参加1次以上管理培训活动。",
        "managers_trained_yearly",
        {"months": 12},
    ),
    ("专业-1", "内设医疗部门的机构应配备专业医务人员。", "medical_staff", {}),
    (
        "专业-2",
        "应配备康复专业技术人员，其数量能以满足需要并能提供本规范所规定的运动功能训练服务为原则。",
        "rehabilitation_staff",
        {},
    ),
    (
        "专业-3",
        "有精神残疾服务对象的，应配备精神卫生医师、专业心理治疗师或经过相应专业卫生医疗机构上岗培训"
        "并考核合格的专业人员。",
        "mental_health_staff",
        {},
    ),
    (
        "专业-4",
        "应配备至少1名残疾人就业服务指导员和1名能够从事心理咨询和疏导的专业人员。",
        "employment_and_counsellor",
        {"min_employment": 1, "min_counsellors": 1},
    ),
    (
        "专业-5",
        "寄宿制托养服务机构原则上应配备全职的专业人员，日间照料机构可根据实际需求整合利用资源。",
        "full_time_professionals",
        {},
    ),
]


def seed(standard_model: Any, item_model: Any) -> Any:
    """Write version 1 with its items unless it exists; return it. The models are passed in,
    so that the migration can hand over its historical ones."""
    standard, created = standard_model.objects.get_or_create(
        code=CODE,
        version=VERSION,
        defaults={"title": TITLE, "valid_from": VALID_FROM},
    )
    if created:
        item_model.objects.bulk_create(
            item_model(standard=standard, ref=ref, position=n, text=text, rule=rule, params=params)
            for n, (ref, text, rule, params) in enumerate(ITEMS, start=1)
        )
    return standard
