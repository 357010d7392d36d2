"""``guanai send-digests [--now]``: send every due digest and message at once, print the
counts as one JSON line: {"inapp": n, "email": n, "sms": n, "webhook": n, "failed": n}."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from guanai.notify.delivery.digests import send_due


class Command(BaseCommand):
    help = "Send the due digests, urgent messages and retries; print the counts as JSON."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--now",
            action="store_true",
            help="Ignore the digest time, the quiet hours and the once a day.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_due(force=options["now"])
        self.stdout.write(json.dumps(counts))
