"""The registry names no app above it: they register what they add when they load."""

from __future__ import annotations

import re
from pathlib import Path

from guanai import registry
from guanai.registry import extensions

REGISTRY = Path(registry.__file__).parent
ABOVE = ("benefits", "care", "reports")


def test_the_registrys_templates_load_no_tag_of_an_app_above_it() -> None:
    loads = [
        (path.name, line)
        for path in (REGISTRY / "templates").rglob("*.html")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"{%\s*load\b", line)
    ]
    assert loads
    for name, line in loads:
        assert not any(app in line.split() for app in ABOVE), (name, line)


def test_benefits_registers_its_link_on_the_case_file() -> None:
    assert [link.code for link in extensions.file_links()] == ["benefits"]
