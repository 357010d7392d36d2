"""The roster export as a background job when it is large (issue 24, point 5).

``roster_export_start`` records an ``ExportJob`` (``sheets.export_jobs``) with the list's
filters and enqueues ``tasks.roster_export_task``, which writes the file with
``exporting.write_roster`` as the job's user, audited as the immediate export is.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from django.utils import timezone

from guanai.accounts.models import User
from guanai.orgs.models import OrgUnit
from guanai.registry.exporting import write_roster
from guanai.registry.selectors import PersonFilter
from guanai.sheets import export_jobs
from guanai.sheets.models import ExportJob

KIND = "roster"


def _params(flt: PersonFilter, *, full_numbers: bool, purpose: str) -> dict[str, Any]:
    return {
        "q": flt.q,
        "category": flt.category,
        "unit": flt.unit.pk if flt.unit is not None else None,
        "school_class": flt.school_class,
        "status": flt.status,
        "full": full_numbers,
        "purpose": purpose,
    }


def _filter(params: dict[str, Any]) -> PersonFilter:
    unit = OrgUnit.objects.filter(pk=params["unit"]).first() if params["unit"] else None
    return PersonFilter(
        q=params["q"],
        category=params["category"],
        unit=unit,
        school_class=params["school_class"],
        status=params["status"],
    )


def roster_export_start(
    user: User, flt: PersonFilter, *, full_numbers: bool, purpose: str, total: int
) -> ExportJob:
    """Queue the export of ``total`` persons; return the job whose page shows its progress."""
    from guanai.registry.tasks import roster_export_task

    stamp = timezone.localdate().strftime("%Y%m%d")
    job = export_jobs.create(
        user=user,
        kind=KIND,
        file_name=f"花名册-{stamp}.xlsx",
        total=total,
        params=_params(flt, full_numbers=full_numbers, purpose=purpose),
    )
    roster_export_task.enqueue(job.pk)
    return job


def roster_export_run(job: ExportJob) -> ExportJob:
    """Write the job's roster as its user (the worker's part)."""
    params = job.params
    flt = _filter(params)
    user = User.objects.get(pk=job.user_id)

    def write(out: BinaryIO, progress: export_jobs.Progress) -> int:
        return write_roster(
            user,
            flt,
            out,
            full_numbers=bool(params["full"]),
            purpose=params["purpose"],
            progress=progress,
        )

    return export_jobs.run(job, write)
