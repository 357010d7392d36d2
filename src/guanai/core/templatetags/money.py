"""Money as the pages write it: ¥1,234.56 (DESIGN §6).

Load with ``{% load money %}`` and write ``{{ account.balance|money }}``; the one
formatter is ``core.money.yuan``.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from guanai.core.money import yuan

register = template.Library()


@register.filter(is_safe=True)
def money(value: Decimal | int | str | None) -> str:
    """Show an amount as ¥1,234.56 (``core.money.yuan``)."""
    return yuan(value)
