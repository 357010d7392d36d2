"""``guanai backup FILE``: back up the database while the application keeps running."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from guanai.ops.backup import BackupFailed, database_backup


class Command(BaseCommand):
    help = (
        "Back up the database to FILE (SQLite: online backup API; PostgreSQL: pg_dump). "
        "The application can keep running. The backup is recorded in the access log once "
        "written (so it does not hold its own record)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the backup.")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            info = database_backup(file)
        except BackupFailed as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Backed up the database to %(path)s (%(size)s).")
                % {"path": info.path, "size": filesizeformat(info.size)}
            )
        )
        # The ID and phone numbers in the backup are encrypted with the field key, which
        # lives outside the database: a backup without it cannot be read in full.
        self.stdout.write(
            _(
                "Keep a copy of the field key (GUANAI_FIELD_KEY or var/field_key) in a safe "
                "place apart from the backups: without it the encrypted ID and phone numbers "
                "cannot be read."
            )
        )
