"""``guanai purge-crosscheck-lists [--days N]``: delete the rows and files of old lists.

The worker runs it nightly (``purge_crosscheck_lists`` in ``notify.jobs.SCHEDULE``). A list's rows
hold the names and (encrypted) ID numbers of persons who may not be in the registry: they
are deleted, with the sealed copy of the file, once the list is older than
``GUANAI_CROSSCHECK_RETENTION_DAYS`` (90 unless set), or ``--days``. The list itself (who
uploaded it, when, for what purpose, its counts) and its findings stay. Prints one JSON
line: ``{"lists": n}``, the lists whose rows were deleted.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from guanai.crosscheck.retention import lists_purge


class Command(BaseCommand):
    help = "Delete the rows and files of compared lists past their retention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep the rows of lists uploaded in the last DAYS days (default: the setting).",
        )

    def handle(self, *args: Any, days: int | None, **options: Any) -> None:
        if days is not None and days < 0:
            raise CommandError(_("Give --days as a number of days, 0 or more."))
        self.stdout.write(json.dumps({"lists": lists_purge(days=days)}))
