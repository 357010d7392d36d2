"""The page of a background export: its progress, then its file — for its own user only."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from guanai.sheets.export_jobs import access_export, is_ready
from guanai.sheets.models import ExportJob
from guanai.sheets.writing import XLSX


def _job(request: HttpRequest, token: str) -> ExportJob:
    """Return the requester's own export, or raise Http404 (another user's is not found)."""
    return access_export(request.user, token)


@login_required
def export_job(request: HttpRequest, token: str) -> HttpResponse:
    """The export's progress while it is written; a download link when it is ready."""
    job = _job(request, token)
    return render(request, "sheets/export_job.html", {"job": job, "ready": is_ready(job)})


@login_required
def export_job_progress(request: HttpRequest, token: str) -> HttpResponse:
    """The progress bar alone, polled by the job's page; reloads the page when done."""
    job = _job(request, token)
    response = render(request, "sheets/export_progress.html", {"job": job})
    if job.finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
def export_job_download(request: HttpRequest, token: str) -> FileResponse:
    """The written file, streamed from disk; gone (404) once past its retention.

    The export was written to the audit log when it was written, with its rows, filters
    and purpose, as an immediate export is.
    """
    job = _job(request, token)
    if not is_ready(job):
        raise Http404
    return FileResponse(
        Path(job.path).open("rb"),
        content_type=XLSX,
        as_attachment=True,
        filename=job.file_name,
    )
