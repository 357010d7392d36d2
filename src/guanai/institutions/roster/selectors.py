"""Reads of an institution's roster: the staff with their certificates and trainings, in
three queries whatever the number of staff."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from guanai.institutions.models import Institution, Qualification, Staff, Training


def with_records(staff: QuerySet[Staff]) -> QuerySet[Staff]:
    """Prefetch each staff member's certificates and trainings (newest training first)."""
    return staff.prefetch_related(
        Prefetch("qualifications", queryset=Qualification.objects.order_by("title", "pk")),
        Prefetch("trainings", queryset=Training.objects.order_by("-on", "pk")),
    )


def roster_of(institution: Institution, *, active_only: bool = False) -> QuerySet[Staff]:
    """Return the institution's staff in name order, those who left last."""
    staff = Staff.objects.filter(institution=institution)
    if active_only:
        staff = staff.filter(is_active=True)
    return with_records(staff).order_by("-is_active", "name_sort", "pk")
