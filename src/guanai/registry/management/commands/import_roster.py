"""``guanai import-roster FILE --org CODE``: import a roster (花名册) from xlsx or csv.

Prints one JSON line ``{"created": n, "updated": n, "unchanged": n, "rejected": n}`` and
exits 0 when the file was read, rejected rows included (they are listed on stderr and, with
``--errors OUT.xlsx``, written to an error workbook); exits non-zero with a message on stderr
when the file could not be read at all. The command acts as ``SYSTEM``: whoever may run it
on the server may import into any unit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from guanai.core.actors import SYSTEM
from guanai.core.errors import DomainError
from guanai.orgs import divisions
from guanai.orgs.models import OrgUnit
from guanai.registry.importing import KINDS, roster_import
from guanai.sheets.storage import write_private


class Command(BaseCommand):
    help = "Import a roster (花名册) from an xlsx or csv file into an org unit."
    # No system checks before the import (issue 12, point 19): they load every URL and the
    # whole API (about 0.8 s of a 100,000-row import's 12 s) and check nothing it uses;
    # ``guanai check`` and the server's start-up run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        unit = parser.add_mutually_exclusive_group(required=True)
        unit.add_argument("--org", dest="code", help="division code of the org unit")
        unit.add_argument("--org-id", dest="org_id", type=int, help="id of an org unit")
        parser.add_argument("--type", dest="kind", choices=KINDS, default="general")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--errors", type=Path, help="write rejected rows to this xlsx")

    def handle(
        self,
        *args: Any,
        file: Path,
        code: str | None,
        org_id: int | None,
        kind: str,
        dry_run: bool,
        errors: Path | None,
        **options: Any,
    ) -> None:
        if code:
            unit = OrgUnit.objects.filter(code=divisions.normalise(code)).first()
            if unit is None:
                raise CommandError(_("No org unit has the code %(code)s.") % {"code": code})
        else:
            unit = OrgUnit.objects.filter(pk=org_id or 0).first()
            if unit is None:
                raise CommandError(_("No org unit has the id %(id)s.") % {"id": org_id})
        if not file.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": file})
        try:
            report = roster_import(
                file, acting_user=SYSTEM, org_unit=unit, kind=kind, dry_run=dry_run
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        for warning in report.warnings:
            self.stderr.write(_("Warning: %(text)s") % {"text": warning})
        for error in report.errors:
            self.stderr.write(
                _("Row %(row)s, column %(column)s: %(reason)s")
                % {"row": error.row, "column": error.column, "reason": error.reason}
            )
        if errors is not None:
            # Full ID numbers: readable by the one who ran the command only.
            write_private(errors, report.error_workbook())
        self.stdout.write(json.dumps(report.counts()))
