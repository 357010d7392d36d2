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
        "Asks for confirmation unless --yes is given."
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
        self.stdout.write(
            _("If the backup comes from an older version of Guanai, run “guanai migrate” now.")
        )

    def _confirmed(self, file: Path) -> bool:
        question = _(
            "This replaces ALL data in the %(database)s with the backup %(path)s.\n"
            "Type “yes” to continue, or anything else to cancel: "
        ) % {"database": database_label(), "path": file}
        try:
            answer = input(question)
        except EOFError:  # no terminal (a script): never restore without an answer
            return False
        return answer.strip().lower() == "yes"
