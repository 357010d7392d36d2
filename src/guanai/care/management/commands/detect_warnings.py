"""``guanai detect-warnings [--org CODE]``: raise and resolve the early warnings (关爱预警).

The worker runs it nightly for every unit (``detect_warnings`` in
``notify.jobs.SCHEDULE``). Prints one JSON line
``{"raised": n, "resolved": n, "open": n}`` for the subtree of the org unit, or for every
unit without ``--org``.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from guanai.care.warnings import detect
from guanai.orgs import divisions
from guanai.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "Raise and resolve the early warnings of an org unit's subtree (all units by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        unit = parser.add_mutually_exclusive_group()
        unit.add_argument("--org", dest="code", help="division code of the org unit")
        unit.add_argument("--org-id", dest="org_id", type=int, help="id of an org unit")

    def handle(self, *args: Any, code: str | None, org_id: int | None, **options: Any) -> None:
        unit = None
        if code:
            unit = OrgUnit.objects.filter(code=divisions.normalise(code)).first()
            if unit is None:
                raise CommandError(_("No org unit has the code %(code)s.") % {"code": code})
        elif org_id is not None:
            unit = OrgUnit.objects.filter(pk=org_id).first()
            if unit is None:
                raise CommandError(_("No org unit has the id %(id)s.") % {"id": org_id})
        self.stdout.write(json.dumps(detect(unit).counts()))
