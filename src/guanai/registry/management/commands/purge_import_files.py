"""``guanai purge-import-files``: delete the import files past their retention (issue 12).

Run it daily (cron or a systemd timer, beside ``guanai detect-warnings``). Uploads checked
a day ago and never imported, and error workbooks older than ``GUANAI_IMPORT_ERRORS_DAYS``
(7), hold full ID numbers: they are deleted, and so are files in the imports folder that
no import names; the same for org-unit imports ("org_uploads"). Prints one JSON line of
counts.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from guanai.accounts import org_import_jobs
from guanai.registry.import_jobs import purge_files


class Command(BaseCommand):
    help = "Delete uploads and error workbooks of imports past their retention."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = purge_files()
        counts["org_uploads"] = org_import_jobs.purge_files()
        self.stdout.write(json.dumps(counts))
