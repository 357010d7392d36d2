"""``guanai import-orgs FILE [--dry-run]``: create org units from an xlsx or csv file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from guanai.core.errors import DomainError
from guanai.orgs.importing import READ_LIMITS, org_units_import
from guanai.sheets.reading import read_table


class Command(BaseCommand):
    help = "Import org units (columns: 代码/code, 名称/name, 类型/kind, 上级代码/parent_code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, write nothing"
        )

    def handle(self, *args: Any, file: Path, dry_run: bool, **options: Any) -> None:
        if not file.exists():
            raise CommandError(_("File not found: %(path)s") % {"path": file})
        try:
            table = read_table(file.read_bytes(), file.name, limits=READ_LIMITS)
            report = org_units_import(table, dry_run=dry_run)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        for warning in report.warnings:
            self.stderr.write(_("Warning: %(text)s") % {"text": warning})
        for row_no, message in report.errors:
            self.stderr.write(_("Row %(row)s: %(message)s") % {"row": row_no, "message": message})
        self.stdout.write(
            _("%(created)s created, %(unchanged)s unchanged, %(errors)s rejected.")
            % {
                "created": report.created,
                "unchanged": report.unchanged,
                "errors": len(report.errors),
            }
        )
        if report.errors:
            raise CommandError(_("Some rows were rejected; fix them and import the file again."))
