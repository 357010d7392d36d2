"""``guanai birthdays --org CODE --month YYYY-MM --json``: a unit's birthdays of a month.

Prints one JSON object, ``{"org": CODE, "month": "YYYY-MM", "persons": [{"name": …,
"date": "YYYY-MM-DD", "lunar": true|false}, …]}``: the persons managed in the unit's
subtree, archived files left out, whose birthday falls in the month — the lunar one,
converted to the year, for a person who keeps it, else the solar birth date — sorted by
date, then by name in pinyin order. The rules are those of the birthday lists
(``activities/birthdays/selectors.py``). An unknown code or a bad month: a message on
stderr, exit status 1.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from guanai.activities.birthdays.selectors import unit_birthdays
from guanai.core.errors import DomainError
from guanai.core.months import month_label, parse_month
from guanai.orgs import divisions
from guanai.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "Print the birthdays (solar, and lunar converted) of a unit's persons in a month."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", dest="code", required=True, help="division code")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args: Any, code: str, month: str, **options: Any) -> None:
        unit = OrgUnit.objects.filter(code=divisions.normalise(code)).first()
        if unit is None:
            raise CommandError(_("No org unit has the code %(code)s.") % {"code": code})
        try:
            first = parse_month(month)
            rows = unit_birthdays(unit, first)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        output = {
            "org": code,
            "month": month_label(first),
            "persons": [
                {"name": row.person.name, "date": row.on.isoformat(), "lunar": row.is_lunar}
                for row in rows
            ],
        }
        self.stdout.write(json.dumps(output, ensure_ascii=False))
