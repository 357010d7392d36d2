"""``guanai lunar-birthday --month M --day D [--leap] --year Y``: a lunar birthday's solar date.

Prints, as ``YYYY-MM-DD`` on one line, the solar date on which the lunar birthday (month
M, day D, of a leap month with ``--leap``) falls in lunar year Y, by the rules of
``activities/birthdays/lunar.py``: a leap-month birthday in a year without that leap month
falls in the ordinary month; a 30th day in a 29-day month falls on the 29th; a birthday
late in the twelfth month may fall in January or February of Y+1. A month or day no lunar
calendar has (month 13, day 31), or a year outside 1900–2100: a message on stderr (in the
default language, Chinese), nothing on stdout, exit status 2. The command reads no database.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from guanai.activities.birthdays.lunar import lunar_date_clean, solar_date
from guanai.core.errors import ValidationFailed

# The exit status of a birthday or year no lunar calendar has (argparse's for bad usage).
BAD_INPUT = 2


class Command(BaseCommand):
    help = "Print the solar date (YYYY-MM-DD) of a lunar birthday in a lunar year."
    # A calculator: no database, no system checks to wait for.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        # Read as text, so that "13" or "十三" gets the calendar's message, not argparse's.
        parser.add_argument("--month", required=True, help="lunar month, 1–12")
        parser.add_argument("--day", required=True, help="lunar day, 1–30")
        parser.add_argument("--leap", action="store_true", help="the month is a leap month")
        parser.add_argument("--year", required=True, help="lunar year, 1900–2100")

    def handle(
        self, *args: Any, month: str, day: str, leap: bool, year: str, **options: Any
    ) -> None:
        try:
            birthday = lunar_date_clean(month, day, leap)
            text = str(year).strip()
            if not (text.isascii() and text.isdigit() and len(text) == 4):
                raise ValidationFailed(_("Write the year with four digits, e.g. 2026."))
            on = solar_date(birthday, int(text))
        except ValidationFailed as exc:
            raise CommandError(str(exc.message), returncode=BAD_INPUT) from None
        self.stdout.write(on.isoformat())
