"""``guanai monthly-report --org CODE --month YYYY-MM --json``: a unit's month in figures.

Prints the figures the monthly report (月报) is pre-filled with, for the unit's subtree:
``persons_by_category`` (category code → active persons as of the month's last day, or
today for the current month), new and closed files, pairings, talks and visits, plans,
benefits and medical assistance paid. Amounts are strings with two decimals.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from guanai.core.errors import DomainError
from guanai.orgs import divisions
from guanai.orgs.models import OrgUnit
from guanai.reports.figures import month_figures, month_of


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


class Command(BaseCommand):
    help = "Print the pre-filled figures of a unit's monthly report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", dest="code", required=True, help="division code")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args: Any, code: str, month: str, **options: Any) -> None:
        unit = OrgUnit.objects.filter(code=divisions.normalise(code)).first()
        if unit is None:
            raise CommandError(_("No org unit has the code %(code)s.") % {"code": code})
        try:
            period = month_of(month)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        figures = {key: _plain(value) for key, value in month_figures(unit, period).items()}
        self.stdout.write(json.dumps(figures, ensure_ascii=False))
