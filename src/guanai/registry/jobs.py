"""The registry's scheduled job (``notify.jobs``): deleting the import files past their
retention — uploads never imported and error workbooks, which hold full ID numbers — and
the background exports past theirs (``sheets.export_jobs``), as ``guanai
purge-import-files`` does (``import_files_purge``)."""

from __future__ import annotations

import json
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from guanai.accounts import org_import_jobs
from guanai.notify import jobs
from guanai.registry.import_jobs import purge_files
from guanai.sheets import export_jobs


def import_files_purge(now: datetime | None = None) -> dict[str, int]:
    """Delete the roster imports' and the org-unit imports' stale files, and the background
    exports past their retention; return the counts."""
    counts = purge_files(now=now)
    counts["org_uploads"] = org_import_jobs.purge_files()
    counts["exports"] = export_jobs.purge_files(now=now)
    return counts


def purge_import_files() -> str:
    return json.dumps(import_files_purge())


def register() -> None:
    """Called from ``RegistryConfig.ready``."""
    jobs.register(
        jobs.Job("purge_import_files", _("Delete expired import files"), purge_import_files)
    )
