"""Dates on Chinese pages as official documents write them: 2026年11月30日; counts as 1,972."""

DATE_FORMAT = "Y年n月j日"  # 2026年11月30日
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年11月30日 14:05
YEAR_MONTH_FORMAT = "Y年n月"  # 2026年11月
MONTH_DAY_FORMAT = "n月j日"  # 11月30日
SHORT_DATE_FORMAT = "Y年n月j日"  # 2026年11月30日
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年11月30日 14:05
# Counts grouped in thousands with a comma (DESIGN: "counts with thousands separators"), as
# money is (¥1,234.56). Django's Chinese locale groups by 4 with no separator, so ``intcomma``
# printed 1972 on Chinese pages and 1,972 on English ones. Read by ``intcomma`` alone:
# USE_THOUSAND_SEPARATOR stays off, so other numbers and form input are left as they were.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# Not one of Django's names: read by the ``moment`` filter (audit pages, to the second).
DATETIME_SECONDS_FORMAT = "Y年n月j日 H:i:s"  # 2026年11月30日 14:05:09

# What a form reads, and (the first) what a date input is filled with: ISO first, as an
# <input type="date"> takes no other (Django's Chinese list starts with 2026/11/30, which
# leaves such an input empty). Then as clerks write dates.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-11-30
    "%Y/%m/%d",  # 2026/11/30
    "%Y年%m月%d日",  # 2026年11月30日 (and 2026年3月5日)
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-11-30 14:05:09
    "%Y-%m-%d %H:%M",  # 2026-11-30 14:05
    "%Y/%m/%d %H:%M:%S",  # 2026/11/30 14:05:09
    "%Y/%m/%d %H:%M",  # 2026/11/30 14:05
    "%Y年%m月%d日 %H:%M:%S",  # 2026年11月30日 14:05:09
    "%Y年%m月%d日 %H:%M",  # 2026年11月30日 14:05
]
