"""Dates on English pages: 30 Nov 2026 (day, month, year: no order to misread)."""

DATE_FORMAT = "j M Y"  # 30 Nov 2026
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "j M Y H:i"  # 30 Nov 2026 14:05
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j M"  # 30 Nov
SHORT_DATE_FORMAT = "j M Y"  # 30 Nov 2026
SHORT_DATETIME_FORMAT = "j M Y H:i"  # 30 Nov 2026 14:05
# Not one of Django's names: read by the ``moment`` filter (audit pages, to the second).
DATETIME_SECONDS_FORMAT = "j M Y H:i:s"  # 30 Nov 2026 14:05:09
