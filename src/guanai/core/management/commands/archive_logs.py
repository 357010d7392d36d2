"""``guanai archive-logs --before YYYY-MM [--to DIR] [--dry-run]``: archive the access and
audit logs' months before ``--before`` to gzip CSV files and remove them from the database
(``core.log_archive``). Months less than 6 full months ago are refused, nothing changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.core.log_archive import archive_logs
from guanai.core.months import parse_month


class Command(BaseCommand):
    help = (
        "Archive the access and audit logs' months before --before (YYYY-MM) to gzip CSV "
        "files and remove them from the database; months less than 6 months old are refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--before", required=True, help="The first month kept (YYYY-MM); older ones go."
        )
        parser.add_argument(
            "--to", type=Path, default=None, help="The archive folder (default var/archive/)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be archived; change nothing."
        )

    def handle(
        self, *args: Any, before: str, to: Path | None, dry_run: bool, **options: Any
    ) -> None:
        try:
            done = archive_logs(parse_month(before, field="before"), to=to, dry_run=dry_run)
        except ValidationFailed as exc:
            raise CommandError(str(exc.message)) from exc
        for table, months in done.rows.items():
            for month, rows in months.items():
                self.stdout.write(f"{table} {month}: {rows}")
        if dry_run:
            self.stdout.write(
                _("Dry run: %(rows)s rows would be archived and removed; nothing was changed.")
                % {"rows": done.total}
            )
            return
        for path in done.files:
            self.stdout.write(str(path))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Archived and removed %(rows)s rows in %(files)s files; partitions "
                    "dropped: %(parts)s."
                )
                % {"rows": done.total, "files": len(done.files), "parts": len(done.dropped)}
            )
        )
