"""``guanai restore FILE``: replace the database with a backup made by ``guanai backup``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from guanai.ops.backup import BackupFailed, backup_check, database_label, database_restore


class Command(BaseCommand):
    help = (
        "Replace all data in the database with the backup FILE made by “guanai backup”. "
        "Asks for confirmation unless --yes is given. The database's tables become those "
        "of the backup: after restoring a backup of an older version of Guanai, run "
        "“guanai migrate” before starting the application."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup to restore.")
        parser.add_argument(
            "--yes",
            "-y",
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args: Any, file: Path, interactive: bool, **options: Any) -> None:
        try:
            # Check the file before asking, so nobody confirms a restore that cannot work.
            backup_check(file)
            if interactive and not self._confirmed(file):
                self.stdout.write(_("Restore cancelled; nothing was changed."))
                return
            info = database_restore(file)
        except BackupFailed as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            self.style.SUCCESS(_("Restored the database from %(path)s.") % {"path": info.path})
        )
        if info.audit_error:
            self.stderr.write(
                _("The restore could not be recorded in the access log: %(error)s")
                % {"error": info.audit_error}
            )
        self.stdout.write(
            _("If the backup comes from an older version of Guanai, run “guanai migrate” now.")
        )

    def _confirmed(self, file: Path) -> bool:
        self.stdout.write(
            _(
                "A backup of an older version of Guanai needs “guanai migrate” after the "
                "restore, before the application is started again."
            )
        )
        question = _(
            "This replaces ALL data in the %(database)s with the backup %(path)s.\n"
            "Type “yes” to continue, or anything else to cancel: "
        ) % {"database": database_label(), "path": file}
        try:
            answer = input(question)
        except EOFError:  # no terminal (a script): never restore without an answer
            return False
        return answer.strip().lower() == "yes"
