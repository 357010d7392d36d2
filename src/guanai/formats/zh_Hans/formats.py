"""Dates on Chinese pages as official documents write them: 2026年11月30日."""

DATE_FORMAT = "Y年n月j日"  # 2026年11月30日
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年11月30日 14:05
YEAR_MONTH_FORMAT = "Y年n月"  # 2026年11月
MONTH_DAY_FORMAT = "n月j日"  # 11月30日
SHORT_DATE_FORMAT = "Y年n月j日"  # 2026年11月30日
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年11月30日 14:05
# Not one of Django's names: read by the ``moment`` filter (audit pages, to the second).
DATETIME_SECONDS_FORMAT = "Y年n月j日 H:i:s"  # 2026年11月30日 14:05:09
