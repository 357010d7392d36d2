"""``guanai refresh-facts [--month YYYY-MM]``: recompute the fact table.

Without ``--month`` it recomputes the current and the previous month (late entries
change last month's figures until its report is due). Run it nightly from cron or a
systemd timer; the report pages also refresh a month on demand.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from guanai.core.errors import DomainError
from guanai.core.months import previous_month, this_month
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import Month, month_of, month_starting


class Command(BaseCommand):
    help = "Recompute the monthly figures of every org unit (the fact table)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: this and last month)")

    def handle(self, *args: Any, month: str | None, **options: Any) -> None:
        months: list[Month]
        try:
            if month:
                months = [month_of(month)]
            else:
                this = this_month()
                months = [month_starting(previous_month(this)), month_starting(this)]
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        written = {m.label: facts_refresh(m) for m in months}
        self.stdout.write(json.dumps({"facts": written}))
