"""``guanai crosscheck-recheck``: re-check every open finding; print how many closed.

A finding closes by itself when its cause is fixed through the normal pages (the file
archived, the category added, the roll generated again); the pages re-check after each
change. This runs the same re-check over all open findings, for a fix made where no
re-check followed (a change in the database by hand, an import); the worker runs it
nightly (``crosscheck_recheck`` in ``notify.jobs.SCHEDULE``). Prints one JSON line:
``{"closed": n}``.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from guanai.crosscheck.jobs import findings_recheck_all


class Command(BaseCommand):
    help = "Re-check every open cross-check finding and close those fixed meanwhile."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps({"closed": findings_recheck_all()}))
