"""``guanai medical-calc``: compute one medical-assistance claim read as JSON on stdin.

Input (missing amounts are 0)::

    {"categories": ["tekun"], "total_cost": "12000", "insurance_paid": "6000",
     "ineligible_cost": "1000", "admitted": "2026-03-01", "discharged": "2026-03-06",
     "disease": "leukemia", "surgery": false, "second_round": false,
     "rehabilitation": false, "child": false,
     "year_assistance_so_far": "0", "year_second_so_far": "0",
     "year_lump_sum_so_far": "0", "temporary_request": "0", "year_temporary_so_far": "0"}

Prints one JSON object: ``eligible_out_of_pocket``, ``rehabilitation_relief`` (the full
relief of an orphaned or disabled child's rehabilitation), ``medical_assistance``,
``second_round``, ``hospital_allowance``, ``lump_sum``, ``temporary``, ``total`` (text
with two decimals) and ``explanation`` (a list of lines), under the national standards
(``catalogue.py``). Numbers in the JSON are read as exact decimals, never floats. Bad JSON
or a bad value: a message on stderr (in the default language, Chinese), nothing on
stdout, exit status 1. The command reads no database.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guanai.benefits.medical import MEDICAL_CODES, claim_input_clean, compute, year_so_far_clean
from guanai.benefits.policies import default_rates
from guanai.core.errors import ValidationFailed

# Larger input is not one claim; refusing it keeps a wrong file from filling the memory.
MAX_INPUT = 100_000


class Command(BaseCommand):
    help = "Compute one medical-assistance claim read as JSON on stdin (national standards)."
    # A calculator: no database, no system checks to wait for.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        text = sys.stdin.read(MAX_INPUT + 1)
        if len(text) > MAX_INPUT:
            raise CommandError(_("The input is too large for one claim."))
        try:
            data = json.loads(text, parse_float=Decimal)
        except ValueError as exc:
            raise CommandError(
                _("The input is not valid JSON: %(error)s") % {"error": exc}
            ) from None
        if not isinstance(data, dict):
            raise CommandError(_("The input must be one JSON object, {…}."))
        try:
            claim = claim_input_clean(data)
            so_far = year_so_far_clean(data)
        except ValidationFailed as exc:
            field = f"{exc.field}: " if exc.field else ""
            raise CommandError(f"{field}{exc.message}") from None
        result = compute(claim, default_rates(MEDICAL_CODES), so_far)
        output = {
            "eligible_out_of_pocket": f"{result.eligible_out_of_pocket:.2f}",
            "rehabilitation_relief": f"{result.rehabilitation_relief:.2f}",
            "medical_assistance": f"{result.medical_assistance:.2f}",
            "second_round": f"{result.second_assistance:.2f}",
            "hospital_allowance": f"{result.hospital_allowance:.2f}",
            "lump_sum": f"{result.lump_sum:.2f}",
            "temporary": f"{result.temporary:.2f}",
            "total": f"{result.total:.2f}",
            "explanation": list(result.explanation),
        }
        self.stdout.write(json.dumps(output, ensure_ascii=False))
