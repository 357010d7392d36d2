"""Write the messy roster used by tests/registry/test_importing.py (deterministic).

Run ``.venv/bin/python tests/data/make_roster.py`` to regenerate roster_messy.xlsx and its
GBK CSV twin roster_messy.csv; both are committed. ``EXPECTED_*`` say what importing them
into 冷碛镇 must give. Row numbers are the sheet's (row 1 is the header row).
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from guanai.core.idnumber import make_id

HERE = Path(__file__).resolve().parent
HEADERS = [
    "序号", "姓名", "性别", "身份证号", "出生日期", "民族", "联系电话", "现住址", "人员类别",
    "就读学校", "年级", "班级", "监护人姓名", "与本人关系", "监护人电话", "父母外出务工地点",
    "残疾证号", "残疾类别", "残疾等级", "家庭情况", "备注",
]  # fmt: skip
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

ZHANG = make_id("513322", date(2015, 3, 4), 123)
LI = make_id("513322", date(2014, 7, 9), 242)
WANG = make_id("513322", date(2013, 1, 20), 315)
ZHAO = make_id("513322", date(2012, 5, 6), 417)
SUN = make_id("513322", date(2016, 8, 15), 511)
ZHOU_BAD = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")  # wrong check digit
WU = make_id("513322", date(2011, 2, 3), 613)
ZHENG = make_id("513322", date(2010, 4, 5), 715)
QIAN = make_id("513322", date(2012, 9, 9), 817)
CHEN = make_id("513322", date(2013, 10, 11), 919)
FENG = make_id("513322", date(2014, 12, 1), 101)
WEI = make_id("513322", date(2015, 6, 6), 103)
JIANG = make_id("513322", date(2015, 7, 7), 105)
SHEN = make_id("110101", date(2010, 1, 1), 107)  # born in Beijing: another province is fine
HAN = make_id("513322", date(2011, 11, 11), 109)  # a man's number, 性别 says 女
SCHOOL = "冷碛镇中心小学"
EXCEL_DATE = datetime(2016, 8, 15)  # noqa: DTZ001 - a naive date cell, as Excel has

# (cells by header); a None row is a blank line.
ROWS: list[dict[str, object] | None] = [
    {"序号": 1, "姓名": "张三", "性别": "男", "身份证号": ZHANG, "出生日期": "2015-03-04",
     "民族": "汉族", "联系电话": "13812345678", "现住址": "冷碛镇甘露寺村3组",
     "人员类别": "留守儿童、低保户", "就读学校": SCHOOL, "年级": "三年级", "班级": "2班",
     "监护人姓名": "张大爷", "与本人关系": "祖父", "监护人电话": "13900001111",
     "父母外出务工地点": "广东东莞", "家庭情况": "父母在外"},
    {"序号": 2, "姓名": "李四", "性别": "女", "身份证号": LI, "出生日期": "2014/7/9",
     "民族": "汉", "人员类别": "随迁子女，单亲儿童", "就读学校": SCHOOL},
    {"序号": 3, "姓名": "王五", "身份证号": WANG.translate(FULL_WIDTH), "出生日期": "2013.1.20",
     "民族": "藏族", "联系电话": "１３９１２３４５６７８"},
    {"序号": 4, "姓名": "赵六", "身份证号": ZHAO, "出生日期": "2012年5月6日", "民族": "彝",
     "人员类别": "残疾儿童", "残疾证号": ZHAO + "42", "残疾类别": "肢体", "残疾等级": "二级"},
    {"序号": 5, "姓名": "孙七", "身份证号": SUN, "出生日期": EXCEL_DATE,
     "人员类别": "农村留守儿童,事实孤儿"},
    None,
    {"序号": 6, "姓名": "周八", "身份证号": ZHOU_BAD},
    {"序号": 7, "姓名": "吴九", "身份证号": WU, "出生日期": "2011-02-04"},
    {"序号": 8, "姓名": "郑十", "身份证号": ZHENG, "人员类别": "贫困户"},
    {"序号": 9, "姓名": "钱十一", "身份证号": QIAN, "联系电话": "1381234"},
    {"序号": 10, "姓名": "陈十二", "身份证号": CHEN},
    {"序号": 11, "姓名": "陈十二", "身份证号": CHEN},
    {"序号": 12, "姓名": "冯十三", "身份证号": FENG, "民族": "汉族"},
    {"序号": 13, "姓名": "卫十四", "身份证号": WEI, "就读学校": "不存在小学"},
    {"序号": 14, "姓名": "", "身份证号": JIANG, "民族": "汉族"},
    {"序号": 15, "姓名": "沈十六", "身份证号": SHEN},
    {"序号": 16, "姓名": "韩十七", "性别": "女", "身份证号": HAN},
]  # fmt: skip

EXPECTED_CREATED = {
    "张三": ZHANG,
    "李四": LI,
    "王五": WANG,
    "赵六": ZHAO,
    "孙七": SUN,
    "冯十三": FENG,
    "沈十六": SHEN,
}
EXPECTED_ERRORS = {
    (8, "身份证号"),
    (9, "出生日期"),
    (10, "人员类别"),
    (11, "联系电话"),
    (12, "身份证号"),
    (13, "身份证号"),
    (15, "就读学校"),
    (16, "姓名"),
    (18, "性别"),
}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value.year}/{value.month}/{value.day}"  # as Excel saves a date cell to CSV
    return str(value)


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": datetime(2026, 1, 1)})  # noqa: DTZ001 - fixed, for a stable file
    sheet = book.add_worksheet("花名册")
    text = book.add_format({"num_format": "@"})
    day = book.add_format({"num_format": "yyyy/m/d"})
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header)
    for r, row in enumerate(ROWS, start=1):
        for col, header in enumerate(HEADERS):
            value = (row or {}).get(header)
            if value is None or value == "":
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(r, col, value, day)  # a real Excel date cell
            elif isinstance(value, int):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value), text)
    book.close()
    return buffer.getvalue()


def csv_bytes() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in ROWS:
        writer.writerow([_text((row or {}).get(h)) for h in HEADERS])
    return out.getvalue().encode("gbk")


def main() -> None:
    (HERE / "roster_messy.xlsx").write_bytes(xlsx_bytes())
    (HERE / "roster_messy.csv").write_bytes(csv_bytes())


if __name__ == "__main__":
    main()
