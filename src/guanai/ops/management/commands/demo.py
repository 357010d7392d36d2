"""``guanai demo``: load the demo region and accounts (idempotent) and print the logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from guanai.ops.demo import demo_build, demo_logins


class Command(BaseCommand):
    help = "Load the demo data (泸定县) once and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        demo_build()
        self.stdout.write("Demo logins / 演示账号 (username / password):")
        for username, password, what in demo_logins():
            self.stdout.write(f"  {username:<18} {password}   {what}")
