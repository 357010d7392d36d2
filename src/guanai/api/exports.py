"""Background exports through the API (issue 24, point 5), as the pages show them.

An export larger than ``GUANAI_EXPORT_BACKGROUND_ROWS`` (a county's payment roll: ``POST
/api/benefits/rolls/{roll_id}/export``) answers 202 with its job instead of the file. The
caller polls ``GET /api/exports/{id}`` (queued, running with rows written, done, or failed
with the reason) and then fetches ``GET /api/exports/{id}/download``. A job is its
caller's alone: anyone else gets 404, as for an object outside their scope. The export was
written to the audit log when the worker wrote it, with its rows, filters and purpose, as
an immediate export is; the file is kept ``GUANAI_EXPORT_KEEP_HOURS`` (24) hours.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.sheets.export_jobs import access_export, is_ready
from guanai.sheets.models import ExportJob, ExportStatus
from guanai.sheets.writing import XLSX

router = Router(tags=["exports"])


class ExportJobOut(Schema):
    """A background export: how far it got, and where its file is once written."""

    id: str = Field(description="The job's identifier, as in /api/exports/{id}.")
    kind: str = Field(description="What it exports: payment_roll or roster.")
    status: ExportStatus = Field(description="queued, running, done or failed.")
    status_label: str = Field(description="The status in the caller's language.")
    done: int = Field(description="Rows written so far (every 2,000 rows).")
    total: int = Field(description="Rows to write.")
    percent: int
    file_name: str
    message: str = Field(description="Why it failed, in the caller's language; else empty.")
    created_at: datetime
    finished_at: datetime | None
    status_url: str = Field(description="Where to ask again how far it got.")
    download_url: str | None = Field(description="The file, once written and still kept.")


def export_job_out(job: ExportJob) -> ExportJobOut:
    """Return what the API says of ``job``."""
    return ExportJobOut(
        id=job.token,
        kind=job.kind,
        status=ExportStatus(job.status),
        status_label=str(ExportStatus(job.status).label),
        done=job.done,
        total=job.total,
        percent=job.percent,
        file_name=job.file_name,
        message=job.message,
        created_at=job.created_at,
        finished_at=job.finished_at,
        status_url=reverse("api:export_job_status", args=[job.token]),
        download_url=(
            reverse("api:export_job_download", args=[job.token]) if is_ready(job) else None
        ),
    )


@router.get(
    "/exports/{token}",
    response={200: ExportJobOut, **AUTH_ERRORS, 404: ErrorOut},
    url_name="export_job_status",
)
def export_job_status(request: HttpRequest, token: str) -> ExportJobOut:
    """Return how far the caller's background export got: rows written, done, or failed
    with the reason."""
    return export_job_out(access_export(acting_user(request), token))


@router.get(
    "/exports/{token}/download",
    response={**AUTH_ERRORS, 404: ErrorOut},
    url_name="export_job_download",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The written file.",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_job_download(request: HttpRequest, token: str) -> FileResponse:
    """Download the caller's background export once written (404 before, and after the
    24 hours it is kept)."""
    job = access_export(acting_user(request), token)
    if not is_ready(job):
        raise Http404
    return FileResponse(
        Path(job.path).open("rb"), content_type=XLSX, as_attachment=True, filename=job.file_name
    )
