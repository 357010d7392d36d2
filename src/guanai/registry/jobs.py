"""The registry's scheduled job (``notify.jobs``): deleting the import files past their
retention — uploads never imported and error workbooks, which hold full ID numbers — as
``guanai purge-import-files`` does (``import_files_purge``)."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _

from guanai.accounts import org_import_jobs
from guanai.notify import jobs
from guanai.registry.import_jobs import purge_files


def import_files_purge() -> dict[str, int]:
    """Delete the roster imports' and the org-unit imports' stale files; return the counts."""
    counts = purge_files()
    counts["org_uploads"] = org_import_jobs.purge_files()
    return counts


def purge_import_files() -> str:
    return json.dumps(import_files_purge())


def register() -> None:
    """Called from ``RegistryConfig.ready``."""
    jobs.register(
        jobs.Job("purge_import_files", _("Delete expired import files"), purge_import_files)
    )
