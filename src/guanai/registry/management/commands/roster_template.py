"""``guanai roster-template --type general OUT.xlsx``: write an empty roster template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from guanai.registry.importing import KINDS
from guanai.registry.roster_template import template_bytes


class Command(BaseCommand):
    help = "Write the xlsx roster template (花名册模板) of a kind."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path)
        parser.add_argument("--type", dest="kind", choices=KINDS, default="general")

    def handle(self, *args: Any, out: Path, kind: str, **options: Any) -> None:
        out.write_bytes(template_bytes(kind))
