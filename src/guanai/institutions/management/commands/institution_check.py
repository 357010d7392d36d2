"""``guanai institution-check --org CODE [--json]``: the service standard's checklist of one
institution, as of today.

``CODE`` is the institution unit's code, its unified social credit code (letters in either
case, full-width characters and spaces are read). With ``--json`` one JSON object is
printed::

    {"org": CODE, "met": n, "not_met": n, "not_applicable": n,
     "items": [{"ref": "机构-2", "status": "not_met", "reason": "租赁期限3年，不足5年。"}, …]}

with the items in the standard's order and each reason in the default language (Chinese);
without it, one line per item. An unknown code, a unit that is no care institution, one
whose profile is not entered yet or an elder or welfare home (it has no checklist): a
message on stderr, nothing on stdout, exit status 1.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.core.uscc import normalise_uscc
from guanai.institutions.checklist import checklist
from guanai.institutions.models import Institution
from guanai.orgs.models import OrgKind, OrgUnit


class Command(BaseCommand):
    help = "Print the service standard's checklist of one care institution."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="The institution's code.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        code = normalise_uscc(options["org"])
        try:
            institution = _institution(code)
            found = checklist(institution, timezone.localdate())
        except ValidationFailed as exc:
            raise CommandError(str(exc.message)) from None
        if options["json"]:
            output = {
                "org": institution.org_unit.code,
                "met": found.met,
                "not_met": found.not_met,
                "not_applicable": found.not_applicable,
                "items": [
                    {"ref": v.ref, "status": v.status, "reason": v.reason} for v in found.verdicts
                ],
            }
            self.stdout.write(json.dumps(output, ensure_ascii=False))
            return
        self.stdout.write(f"{institution.org_unit.name} {institution.org_unit.code}")
        for v in found.verdicts:
            self.stdout.write(f"{v.ref}\t{v.status}\t{v.reason}")
        self.stdout.write(
            _("%(met)s met, %(not_met)s not met, %(na)s not applicable.")
            % {"met": found.met, "not_met": found.not_met, "na": found.not_applicable}
        )


def _institution(code: str) -> Institution:
    if not code:
        raise ValidationFailed(_("Give the institution's code with --org."))
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationFailed(_("No unit has the code %(code)s.") % {"code": code})
    if unit.kind != OrgKind.INSTITUTION:
        raise ValidationFailed(
            _("%(name)s (%(code)s) is not a care institution.") % {"name": unit.name, "code": code}
        )
    institution = Institution.objects.filter(org_unit=unit).select_related("org_unit").first()
    if institution is None:
        raise ValidationFailed(
            _("The profile of %(name)s is not entered yet.") % {"name": unit.name}
        )
    return institution
