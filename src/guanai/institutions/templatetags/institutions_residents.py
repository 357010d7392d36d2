"""``{% residents_section institution can_edit %}``: the current residents on the
institution's page (two queries), with the links to all residents and to apply."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from guanai.institutions.models import Institution
from guanai.institutions.residents import current_residents, rows_of

register = template.Library()


@register.inclusion_tag("institutions/includes/resident_section.html")
def residents_section(institution: Institution, can_edit: bool) -> dict[str, Any]:
    rows = rows_of(current_residents(institution, timezone.localdate()))
    return {"institution": institution, "can_edit": can_edit, "rows": rows}
