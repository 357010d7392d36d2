"""``guanai purge-import-files``: delete the import files past their retention (issue 12).

The worker runs it nightly (``purge_import_files`` in ``notify.jobs.SCHEDULE``). Uploads checked
a day ago and never imported, and error workbooks older than ``GUANAI_IMPORT_ERRORS_DAYS``
(7), hold full ID numbers: they are deleted, and so are files in the imports folder that
no import names; the same for org-unit imports ("org_uploads"). Prints one JSON line of
counts.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from guanai.registry.jobs import import_files_purge


class Command(BaseCommand):
    help = "Delete uploads and error workbooks of imports past their retention."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(import_files_purge()))
