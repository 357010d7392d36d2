"""Money as the pages write it: ¥1,234.56 (DESIGN §6), the one filter of every page.

Load with ``{% load money %}`` and write ``{{ account.balance|yuan }}``; the one
formatter is ``core.money.yuan``. Exports keep amounts as numbers (``sheets``).
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from guanai.core import money

register = template.Library()


@register.filter(is_safe=True)
def yuan(value: Decimal | int | str | None) -> str:
    """Show an amount as ¥1,234.56 (``core.money.yuan``); a missing one as a dash."""
    return money.yuan(value)


# The filter's first name, kept so that a template written with it still works: the same
# function, not a second formatter.
register.filter("money", yuan, is_safe=True)
