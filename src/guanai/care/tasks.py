"""Background tasks of the care app (django-tasks; ``guanai serve`` runs the worker)."""

from __future__ import annotations

from django_tasks import task

from guanai.care.warnings import detect
from guanai.orgs.models import OrgUnit


@task()
def detect_warnings_task(unit_id: int | None = None) -> dict[str, int]:
    """Raise and resolve the early warnings of a unit's subtree (every unit if None)."""
    unit = None
    if unit_id is not None:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        if unit is None:
            return {"raised": 0, "resolved": 0, "open": 0}  # the unit is gone
    return detect(unit).counts()
