"""``guanai not-served --org CODE [--json]``: for every service in use, how many persons of
the unit's subtree qualify today, were served, and qualify but were not served.

``CODE`` is the unit's code (a division code, or an institution's credit code). With
``--json`` one JSON object is printed::

    {"org": CODE, "services": [{"service": "wheelchair", "name": "轮椅", "eligible": n,
     "served": n, "not_served": n}, …]}

with the services in the catalogue's order; ``not_served`` is the length of the unit's
not-served list of the service (``inkind.coverage.not_served``), ``served`` counts everyone
of the subtree delivered it, whether or not they qualify today (``coverage_summary``).
Without it, a table in the default language. An unknown code: a message on stderr,
nothing on stdout, exit status 1.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.inkind.coverage import coverage_summary
from guanai.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "Print, per service, the persons of a unit eligible, served, and eligible not served."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="The unit's code.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        code = str(options["org"]).strip().upper()
        if not code:
            raise CommandError(_("Give the unit's code with --org."))
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(_("No unit has the code %(code)s.") % {"code": code})
        rows = coverage_summary(unit, timezone.localdate())
        if options["json"]:
            output = {
                "org": unit.code,
                "services": [
                    {
                        "service": row.service.code,
                        "name": row.service.name,
                        "eligible": row.eligible,
                        "served": row.served,
                        "not_served": row.not_served,
                    }
                    for row in rows
                ],
            }
            self.stdout.write(json.dumps(output, ensure_ascii=False))
            return
        self.stdout.write(f"{unit.name} {unit.code}")
        self.stdout.write(
            "\t".join(
                [_("Service"), _("Code"), _("Eligible"), _("Served"), _("Eligible, not served")]
            )
        )
        for row in rows:
            self.stdout.write(
                f"{row.service.name}\t{row.service.code}\t{row.eligible}\t{row.served}\t"
                f"{row.not_served}"
            )
