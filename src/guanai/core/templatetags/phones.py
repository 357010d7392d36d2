"""``tel_uri``: a phone number as the ``tel:`` address a phone dials (``core.phone``)."""

from __future__ import annotations

from django import template

from guanai.core.phone import tel_uri as _tel_uri

register = template.Library()


@register.filter
def tel_uri(phone: str | None) -> str:
    """Return ``tel:…`` for a stored number, or "" for none."""
    return _tel_uri(phone) if phone else ""
