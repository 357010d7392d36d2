"""A moment to the second, for pages where the order of events matters (the audit log).

Load with ``{% load dates %}`` and write ``{{ row.at|moment }}``: the language's
``DATETIME_SECONDS_FORMAT`` (``guanai/formats``: 2026年11月30日 14:05:09). Every other date
on a page names one of Django's formats (``{{ d|date }}``, ``|date:"DATETIME_FORMAT"``).
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.template.defaultfilters import date
from django.utils.formats import get_format_modules

register = template.Library()

# For a language without a format module of ours: Django's date and time, with seconds.
_FALLBACK = "DATETIME_FORMAT"


def seconds_format() -> str:
    """The active language's ``DATETIME_SECONDS_FORMAT`` (``guanai/formats``)."""
    for module in get_format_modules():
        found = getattr(module, "DATETIME_SECONDS_FORMAT", None)
        if found:
            return str(found)
    return _FALLBACK


@register.filter(expects_localtime=True)
def moment(value: datetime | None) -> str:
    """Show a moment to the second in the active language's style."""
    return date(value, seconds_format())
