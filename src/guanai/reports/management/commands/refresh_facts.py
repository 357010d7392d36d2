"""``guanai refresh-facts [--month YYYY-MM]``: recompute the fact table.

Without ``--month`` it recomputes the current and the previous month (late entries
change last month's figures until its report is due). The worker runs it nightly
(``refresh_facts`` in ``notify.jobs.SCHEDULE``); the report pages also refresh a month on
demand.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from guanai.core.errors import DomainError
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_of
from guanai.reports.jobs import facts_refresh_recent


class Command(BaseCommand):
    help = "Recompute the monthly figures of every org unit (the fact table)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: this and last month)")

    def handle(self, *args: Any, month: str | None, **options: Any) -> None:
        if month:
            try:
                chosen = month_of(month)
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
            written = {chosen.label: facts_refresh(chosen)}
        else:
            written = facts_refresh_recent()
        self.stdout.write(json.dumps({"facts": written}))
