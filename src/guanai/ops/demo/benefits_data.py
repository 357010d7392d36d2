"""What the benefits demo draws from: its seed, the roll makers, the local standard, the
banks, and the hospital stays and one-child-family grants it records."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from guanai.registry.models import Category

SEED = 20261201
TOWNSHIP_KEYS = ("luqiao", "lengqi", "xinglong")
# The roll makers: the township's worker (泸桥镇 has none among the README's accounts, so
# the demo adds one) and the county leader, who approves every township's rolls.
WORKERS = {"luqiao": "luqiao_worker", "lengqi": "township_worker", "xinglong": "xinglong_worker"}
LUQIAO_WORKER = ("luqiao_worker", "付雪梅")
APPROVER = "county_leader"
APPROVED_MONTHS = 12
# The local standard takes effect this many months before the current month.
OVERRIDE_MONTHS_BACK = 4
OVERRIDE_AMOUNT = Decimal("650.00")
OVERRIDE_NOTE = "泸定县人民政府关于提高分散供养孤儿基本生活费标准的通知（泸府发〔2026〕12号）"
BANKS = {
    "泸定县农村信用合作联社": 70,
    "中国农业银行泸定县支行": 20,
    "中国邮政储蓄银行泸定县支行": 10,
}
BANK_PREFIX = {
    "泸定县农村信用合作联社": "621457",
    "中国农业银行泸定县支行": "622848",
    "中国邮政储蓄银行泸定县支行": "621799",
}
ACCOUNTS_MISSING = 2
ADULT_AGE = 18
SHANGHAI = ZoneInfo("Asia/Shanghai")
HOSPITALS = {
    "county": "泸定县人民医院",
    "tcm": "泸定县中医医院",
    "prefecture": "甘孜藏族自治州人民医院",
    "yaan": "雅安市人民医院",
    "huaxi": "四川大学华西医院",
}


@dataclass(frozen=True)
class ClaimPlan:
    """One hospital stay: who (a key), when, where, and the bill."""

    who: str
    # ("pair", days after the base day of the same-year claims) or ("back", days before today)
    when: tuple[str, int]
    days: int
    hospital: str
    disease: str
    total: str
    insurance: str
    ineligible: str
    surgery: bool = False
    second_round: bool = False
    temporary: str = ""


# Persons by key: which poor group they are drawn from, and whether a child.
PATIENTS = {
    "A": (Category.TEKUN, False),
    "C": (Category.TEKUN, False),
    "D": (Category.ORPHAN, True),
    "E": (Category.DIBAO, False),
    "F": (Category.SANWU, False),
    "G": (Category.DIBAO, False),
    "H": (Category.TEKUN, False),
    "I": (Category.ORPHAN, True),
    "J": (Category.DIBAO, False),
}
# The same-year claims ("pair") show the yearly caps: C's second stay reaches the ¥50,000
# cap of medical assistance; D's leukaemia, first without then with surgery, gets ¥5,000
# and then the ¥15,000 difference to the ¥20,000 lump sum.
CLAIMS = (
    ClaimPlan("A", ("pair", 0), 12, "county", "重症肺炎", "18600", "11200", "900"),
    ClaimPlan(
        "C", ("pair", 3), 30, "huaxi", "肝硬化失代偿期", "98000", "30000", "4000", second_round=True
    ),
    ClaimPlan(
        "D",
        ("pair", 10),
        21,
        "huaxi",
        "急性淋巴细胞白血病",
        "64000",
        "38000",
        "5000",
        temporary="3000",
    ),
    ClaimPlan(
        "C",
        ("pair", 55),
        18,
        "prefecture",
        "肝硬化并上消化道出血",
        "36000",
        "18000",
        "1000",
        second_round=True,
    ),
    ClaimPlan(
        "D",
        ("pair", 70),
        40,
        "huaxi",
        "急性淋巴细胞白血病（造血干细胞移植）",
        "260000",
        "150000",
        "20000",
        surgery=True,
        second_round=True,
    ),
    ClaimPlan(
        "J",
        ("back", 330),
        28,
        "huaxi",
        "尿毒症",
        "56000",
        "33000",
        "3000",
        second_round=True,
        temporary="5000",
    ),
    ClaimPlan(
        "F", ("back", 300), 16, "county", "脑梗死", "22400", "13800", "1200", temporary="2000"
    ),
    ClaimPlan("E", ("back", 200), 14, "prefecture", "慢性粒细胞白血病", "38000", "24000", "2500"),
    ClaimPlan(
        "G", ("back", 150), 20, "yaan", "股骨颈骨折", "41000", "24500", "2600", second_round=True
    ),
    ClaimPlan("H", ("back", 90), 9, "tcm", "慢性阻塞性肺疾病急性加重", "8600", "5900", "300"),
    ClaimPlan("I", ("back", 45), 6, "county", "急性阑尾炎", "9800", "6200", "400"),
    ClaimPlan("A", ("back", 20), 7, "county", "肺炎", "7200", "4500", "200", temporary="1500"),
)
# One-child-family aid (独生子女伤残家庭特别扶助): persons paid, months before the current
# month it started, months before it ended (None: still paid), grounds.
ONE_CHILD = (
    (2, 30, None, "独生子女三级肢体残疾，夫妻二人均无其他子女"),
    (2, 26, None, "独生子女因病死亡，无其他子女"),
    (1, 6, None, "独生子女二级智力残疾，丧偶，无其他子女"),
    (2, 40, 3, "独生子女伤残，户籍迁出后停发"),
)
