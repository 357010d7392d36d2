"""The words of a roster: its columns, categories and other values, as clerks write them."""

from __future__ import annotations

import unicodedata

from guanai.registry.models import Category

KINDS = ("general", "left_behind", "disabled")
# Field name → accepted headers; the first is the template's header.
COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "name": ("姓名", "名字"),
    "gender": ("性别",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证"),
    "birth_date": ("出生日期", "出生年月日", "生日"),
    "ethnicity": ("民族",),
    "phone": ("联系电话", "电话", "手机", "手机号"),
    "address": ("现住址", "住址", "家庭住址", "现居住地"),
    "categories": ("人员类别", "类别", "人员类型"),
    "school": ("就读学校", "学校"),
    "grade": ("年级",),
    "class_name": ("班级",),
    "guardian_name": ("监护人姓名", "监护人"),
    "guardian_relation": ("与本人关系", "监护人关系", "与监护人关系"),
    "guardian_phone": ("监护人电话", "监护人联系电话"),
    "parents_away_at": ("父母外出务工地点", "外出务工地点", "务工地点"),
    "disability_certificate": ("残疾证号", "残疾证号码"),
    "disability_type": ("残疾类别", "残疾类型"),
    "disability_grade": ("残疾等级",),
    "note": ("备注",),
    "parents_away": ("外出父母", "外出情况"),
    "away_since": ("外出时间",),
    "guardianship": ("监护情况",),
}
REQUIRED = {"name", "id_number"}
# Date columns that may hold a month alone (2024-02, 2024年3月), stored as its first day
# (``importing.months``); every other date column needs the day.
MONTH_COLUMNS = frozenset({"away_since"})

# The fixed labels and aliases of DESIGN §4 (not translated: rosters are written in Chinese).
CATEGORY_WORDS: dict[str, str] = {
    "留守儿童": "left_behind",
    "农村留守儿童": "left_behind",
    "外来务工子女": "migrant_child",
    "随迁子女": "migrant_child",
    "流动儿童": "migrant_child",
    "单亲家庭儿童": "single_parent",
    "单亲儿童": "single_parent",
    "孤儿": "orphan",
    "事实无人抚养儿童": "unsupported_child",
    "事实孤儿": "unsupported_child",
    "残疾人": "disabled",
    "残疾儿童": "disabled",
    "三无人员": "sanwu",
    "城镇三无人员": "sanwu",
    "特困人员": "tekun",
    "五保户": "tekun",
    "五保对象": "tekun",
    "特困供养人员": "tekun",
    "低保对象": "dibao",
    "低保户": "dibao",
    "低保": "dibao",
    "重大疾病患者": "major_illness",
    "大病患者": "major_illness",
}
CATEGORY_WORDS.update({code: code for code in Category.values})
CATEGORY_SEPARATORS = ("、", "，", ",", "；", ";", "/")

DISABILITY_TYPES = ("视力", "听力", "言语", "肢体", "智力", "精神", "多重")
GRADES = ("一级", "二级", "三级", "四级")
GENDERS = {"男": "male", "男性": "male", "女": "female", "女性": "female"}
GENDERS.update({"male": "male", "female": "female", "m": "male", "f": "female"})
PARENTS_AWAY = {
    "父亲": "father",
    "父": "father",
    "母亲": "mother",
    "母": "mother",
    "双方": "both",
    "父母": "both",
    "父母双方": "both",
}
GUARDIANSHIP = {"好": "good", "一般": "fair", "差": "poor", "较差": "poor"}

# Lengths of the text columns, checked here so that PostgreSQL never refuses a row.
MAX_LENGTHS = {
    "name": 50,
    "address": 200,
    "grade": 20,
    "class_name": 20,
    "guardian_name": 50,
    "guardian_relation": 20,
    "parents_away_at": 100,
}
# Person fields an import sets; a blank cell leaves the stored value alone.
UPDATABLE = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "phone",
    "address",
    "school",
    "grade",
    "class_name",
    "note",
    "health",
)
# Person fields an auditor may read in the change log (not the ciphertexts).
AUDITED = tuple(f for f in UPDATABLE if f != "phone")


def clean(value: str) -> str:
    """Return a cell as typed, normalised: full-width digits and letters, no outer space."""
    return unicodedata.normalize("NFKC", value).strip()


def compact(value: str) -> str:
    """Return normalised text without any space (names, codes, words of a list)."""
    return "".join(value.split())
