"""The cross-checks' scheduled jobs (``notify.jobs``): the re-check of every open finding
and the deletion of the rows of lists past their retention, as ``guanai crosscheck-recheck``
and ``guanai purge-crosscheck-lists`` (without ``--days``) do."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _

from guanai.crosscheck.findings import findings_recheck
from guanai.crosscheck.models import Finding
from guanai.crosscheck.retention import lists_purge
from guanai.notify import jobs


def findings_recheck_all() -> int:
    """Re-check every open finding; return how many closed."""
    return findings_recheck(Finding.objects.all())


def crosscheck_recheck() -> str:
    return json.dumps({"closed": findings_recheck_all()})


def purge_crosscheck_lists() -> str:
    return json.dumps({"lists": lists_purge()})


def register() -> None:
    """Called from ``CrosscheckConfig.ready``."""
    jobs.register(
        jobs.Job("crosscheck_recheck", _("Re-check the cross-check findings"), crosscheck_recheck)
    )
    jobs.register(
        jobs.Job(
            "purge_crosscheck_lists", _("Delete old cross-check lists"), purge_crosscheck_lists
        )
    )
