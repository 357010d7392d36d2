"""The shape of the demo roster: how many of whom, where, and the words its files use."""

from __future__ import annotations

from datetime import date


def words(text: str) -> list[str]:
    """Split a list written as the rosters print it, words apart by spaces."""
    return text.split()


SEED = 513322
# The school year the roster describes (autumn term 2026). Fixed, not today's year: a demo
# run a year later must find the same ID numbers, not enrol a new cohort.
DEMO_YEAR = 2026
# The day the roster was last brought up to date: categories begin and consents are given
# on or before it.
AS_OF = date(DEMO_YEAR, 11, 1)
# With the 70 persons of ``demo_persons`` the county has 2,000.
ROSTER_SIZE = 1930

# Pupils per school (active files) and the number of classes per grade.
SCHOOLS = {
    "luqiao_school": (260, 3),
    "second_school": (220, 3),
    "lengqi_school": (230, 2),
    "xinglong_school": (200, 2),
}
TOWN_SCHOOLS = ("luqiao_school", "second_school")
KINDERGARTEN = ("kindergarten", 90, 2)
KINDERGARTEN_GRADES = {-2: "小班", -1: "中班", 0: "大班"}
MIDDLE_SCHOOL_AGE = 110
DROPPED_OUT = 4
# The villages of each school's township: where its pupils live.
HOME_VILLAGES = {
    "luqiao_school": ("zanli", "anle"),
    "second_school": ("anle", "zanli"),
    "kindergarten": ("anle", "zanli"),
    "lengqi_school": ("ganlusi", "tuanjie"),
    "xinglong_school": ("shencun", "hualin"),
}
VILLAGES = ("zanli", "anle", "ganlusi", "tuanjie", "shencun", "hualin")
TOWNSHIP_OF = {
    "zanli": "luqiao",
    "anle": "luqiao",
    "ganlusi": "lengqi",
    "tuanjie": "lengqi",
    "shencun": "xinglong",
    "hualin": "xinglong",
}
# Adults by kind; low-income (低保) households take the rest of ROSTER_SIZE.
ADULTS = {"disabled": 290, "tekun": 110, "sanwu": 18, "major_illness": 90}
ARCHIVED = {"graduated": 12, "moved_away": 8, "deceased": 8}

# How the children of a school divide into kinds (weights). The county town's schools
# take in most migrant workers' children; rural schools have the most left-behind ones.
TOWN_MIX = {
    "left_behind": 36,
    "migrant": 28,
    "single_parent": 11,
    "dibao": 11,
    "unsupported": 4,
    "orphan": 3,
    "disabled": 7,
}
RURAL_MIX = {
    "left_behind": 56,
    "migrant": 4,
    "single_parent": 12,
    "dibao": 13,
    "unsupported": 5,
    "orphan": 4,
    "disabled": 6,
}
SCHOOL_MIX = {key: TOWN_MIX if key in TOWN_SCHOOLS else RURAL_MIX for key in SCHOOLS}
KINDERGARTEN_MIX = {"left_behind": 50, "migrant": 25, "single_parent": 10, "dibao": 10}

# The streets of 安乐社区, the county town's community.
STREETS = ("滨河路", "团结路", "西大街", "东大街")
# Where migrant workers' children come from: region code of the ID, household registration.
HOMES_AWAY = [
    ("513301", "四川省康定市"),
    ("513323", "四川省丹巴县"),
    ("513324", "四川省九龙县"),
    ("511823", "四川省汉源县"),
    ("511824", "四川省石棉县"),
    ("511825", "四川省天全县"),
    ("513434", "四川省越西县"),
    ("513435", "四川省甘洛县"),
    ("500154", "重庆市开州区"),
    ("530627", "云南省镇雄县"),
]
WORK_PLACES = {
    "成都": 24,
    "雅安": 9,
    "康定": 7,
    "广东东莞": 9,
    "广东深圳": 7,
    "浙江宁波": 7,
    "江苏苏州": 6,
    "福建晋江": 5,
    "重庆": 6,
    "新疆乌鲁木齐": 5,
    "西藏拉萨": 5,
    "上海": 4,
    "北京": 2,
}
MOBILE = words(
    "139 138 137 136 135 150 151 152 157 158 159 182 183 187 188 130 131 132 155 156 185 186 "
    "133 153 180 181 189 177 199 198"
)

# Disability: type (1 visual … 7 multiple, as on the certificate) and grade 1–4, weighted
# roughly as the 2006 national sample survey found them; children more often have an
# intellectual, speech or multiple disability.
ADULT_DISABILITY = {1: 15, 2: 20, 3: 2, 4: 35, 5: 8, 6: 8, 7: 12}
CHILD_DISABILITY = {1: 8, 2: 14, 3: 14, 4: 20, 5: 28, 6: 2, 7: 14}
DISABILITY_GRADES = {1: 10, 2: 25, 3: 30, 4: 35}
DISEASES = words(
    "尿毒症 恶性肿瘤 白血病 慢性肾衰竭 肝硬化 耐多药肺结核 重性精神病 脑卒中后遗症 血友病 "
    "系统性红斑狼疮"
)
CHILD_DISEASES = words("先天性心脏病 白血病 血友病 先天性尿道下裂")
POVERTY_CAUSES = words("因病致贫 因残致贫 缺劳动力 缺技术 因学致贫 自然灾害")
UNSUPPORTED_REASONS = (
    "父亲服刑，母亲失联",
    "父母双方重度残疾",
    "父亲死亡，母亲失联",
    "父母双方失联",
    "母亲死亡，父亲服刑",
)
CONSENT_SCOPE = "基本信息、身份证号、家庭与监护情况、联系方式、帮扶和走访记录"
CONSENT_PURPOSE = "建立关爱档案，开展结对帮扶、走访慰问和关爱服务（篇一、篇九）"
KINDERGARTEN_PURPOSE = "建立幼儿关爱档案，开展家园共育和关爱活动（篇七）"
ARCHIVE_NOTES = {
    "graduated": "小学毕业，升入泸定中学",
    "moved_away": "随父母迁往成都市",
    "deceased": "因病去世",
}
