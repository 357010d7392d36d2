"""Roster templates (花名册模板): xlsx files with the headers the importer reads.

ID, phone and certificate columns are text cells (Excel would turn an 18-digit number into
5.13322E+17), the columns with a fixed set of values have drop-down lists (kept on a hidden
选项 sheet, as an inline list may not exceed 255 characters), and a 填表说明 sheet tells the
clerk how to fill the roster in.
"""

from __future__ import annotations

import io

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from guanai.registry.importing import COLUMNS, DISABILITY_TYPES, GRADES, KINDS, MONTH_COLUMNS
from guanai.registry.models import ETHNICITIES
from guanai.sheets.writing import print_setup

GENERAL = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "民族",
    "联系电话",
    "现住址",
    "人员类别",
    "就读学校",
    "年级",
    "班级",
    "监护人姓名",
    "与本人关系",
    "监护人电话",
    "父母外出务工地点",
    "残疾证号",
    "残疾类别",
    "残疾等级",
    "备注",
]
LEFT_BEHIND = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "民族",
    "现住址",
    "就读学校",
    "年级",
    "班级",
    "外出父母",
    "父母外出务工地点",
    "外出时间",
    "监护人姓名",
    "与本人关系",
    "监护人电话",
    "监护情况",
    "人员类别",
    "备注",
]
DISABLED = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "民族",
    "联系电话",
    "现住址",
    "残疾证号",
    "残疾类别",
    "残疾等级",
    "人员类别",
    "监护人姓名",
    "与本人关系",
    "监护人电话",
    "备注",
]
HEADERS = {"general": GENERAL, "left_behind": LEFT_BEHIND, "disabled": DISABLED}
TITLES = {"general": "花名册", "left_behind": "留守儿童花名册", "disabled": "残疾人花名册"}
TEXT_COLUMNS = {"身份证号", "联系电话", "监护人电话", "残疾证号", "序号", "年级", "班级"}
DATE_COLUMNS = {"出生日期"}
# Columns that may hold a month alone (外出时间): text cells, so that a typed 2024.3 or
# 2024.10 stays as written instead of becoming the number 2024.3 or 2024.1.
MONTH_HEADERS = {COLUMNS[name][0] for name in MONTH_COLUMNS}
# The first label of each category in DESIGN §4.
CATEGORY_LABELS = [
    "留守儿童",
    "外来务工子女",
    "单亲家庭儿童",
    "孤儿",
    "事实无人抚养儿童",
    "残疾人",
    "三无人员",
    "特困人员",
    "低保对象",
    "重大疾病患者",
]
CHOICES: dict[str, list[str]] = {
    "性别": ["男", "女"],
    "民族": list(ETHNICITIES),
    "人员类别": CATEGORY_LABELS,
    "残疾类别": list(DISABILITY_TYPES),
    "残疾等级": list(GRADES),
    "外出父母": ["父亲", "母亲", "双方"],
    "监护情况": ["好", "一般", "差"],
}
ROWS_WITH_LISTS = 2000

INSTRUCTIONS = [
    "填表说明",
    "1. 第一行是表头，请勿修改或删除；列的顺序可以调整，多余的列导入时会被忽略。",
    "2. 姓名、身份证号必填。身份证号为18位（老证15位），末位可以是X；"
    "请按文本填写，勿改为数字格式。",
    "3. 出生日期、性别可不填，系统按身份证号计算；填写时须与身份证号一致。",
    "4. 日期可写作 2015-03-04、2015/3/4、2015.3.4 或 2015年3月4日。"
    "外出时间可只写年月：2024-02、2024/2、2024.2、2024年2月 或 202402（四位年份加两位月份），"
    "按该月1日记录；出生日期等其他日期须写到日。",
    "5. 民族写全称（如“汉族”），写“汉”也可以。",
    "6. 联系电话填11位手机号，或带区号的座机号，如 0836-2812345。",
    "7. 人员类别可填多个，用“、”或“，”分隔，如：留守儿童、低保对象。",
    "   可用类别：留守儿童（农村留守儿童）、外来务工子女（随迁子女、流动儿童）、"
    "单亲家庭儿童（单亲儿童）、孤儿、事实无人抚养儿童（事实孤儿）、残疾人（残疾儿童）、"
    "三无人员（城镇三无人员）、特困人员（五保户、五保对象、特困供养人员）、"
    "低保对象（低保户、低保）、重大疾病患者（大病患者）。",
    "8. 就读学校须与系统中学校名称一致。",
    "9. 残疾证号为身份证号加残疾类别（1–7）和等级（1–4）共20位；"
    "残疾类别：视力、听力、言语、肢体、智力、精神、多重；残疾等级：一级至四级。",
    "10. 外出父母填父亲、母亲或双方；监护情况填好、一般或差。",
    "11. 同一身份证号在表中只能出现一次；已在册人员再次导入时按身份证号更新，"
    "空白单元格不会清除已有信息。",
    "12. 导入后有错误的行会生成“错误行”表，修改后可再次导入。",
]


def template_bytes(kind: str) -> bytes:
    """Return the xlsx template of a roster kind: "general", "left_behind" or "disabled"."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    headers = HEADERS[kind]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(TITLES[kind])
    head = book.add_format(
        {"bold": True, "bg_color": "#E7EEF7", "border": 1, "align": "center", "num_format": "@"}
    )
    text = book.add_format({"num_format": "@"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    options = book.add_worksheet("选项")
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, head)
        if header in TEXT_COLUMNS or header in MONTH_HEADERS:
            width = 22 if header in {"身份证号", "残疾证号"} else 14
            sheet.set_column(col, col, width, text)
        elif header in DATE_COLUMNS:
            sheet.set_column(col, col, 12, day)
        else:
            sheet.set_column(col, col, max(10, len(header) * 2 + 2))
    for list_col, (header, values) in enumerate(CHOICES.items()):
        options.write_string(0, list_col, header)
        for r, value in enumerate(values, start=1):
            options.write_string(r, list_col, value)
        if header not in headers:
            continue
        col = headers.index(header)
        first = xl_rowcol_to_cell(1, list_col, row_abs=True, col_abs=True)
        last = xl_rowcol_to_cell(len(values), list_col, row_abs=True, col_abs=True)
        sheet.data_validation(
            1,
            col,
            ROWS_WITH_LISTS,
            col,
            {
                "validate": "list",
                "source": f"=选项!{first}:{last}",
                # 人员类别 may hold several joined by 、, which a strict list would refuse.
                "error_type": "information" if header == "人员类别" else "stop",
                "input_title": header,
                "input_message": "可填多个，用、分隔" if header == "人员类别" else "请从列表中选择",
            },
        )
    options.hide()
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("填表说明")
    notes.set_column(0, 0, 110)
    bold = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for r, line in enumerate(INSTRUCTIONS):
        notes.write_string(r, 0, line, bold if r == 0 else wrap)
    print_setup(sheet, columns=len(headers), header_row=0)
    print_setup(options, columns=len(CHOICES), header_row=0)
    print_setup(notes, columns=1)
    book.close()
    return buffer.getvalue()
