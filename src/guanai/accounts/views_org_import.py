"""The org-unit import pages: upload, the check's preview, the import, its progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from guanai.accounts import org_import_jobs, scoping
from guanai.accounts.forms import OrgImportForm
from guanai.accounts.models import Role
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.orgs.importing import COLUMNS, READ_LIMITS
from guanai.orgs.models import OrgImport
from guanai.sheets.reading import MAX_BYTES, find_columns, read_table


def _job(request: HttpRequest, token: str) -> OrgImport:
    """Return the user's own org import, if they are a system administrator still; or 404."""
    user = request_user(request)
    scoping.require_role(user, Role.SYSADMIN)
    job = OrgImport.objects.filter(token=token, user=user).first()
    if job is None:
        raise Http404
    return job


@login_required
def org_import(request: HttpRequest) -> HttpResponse:
    """Upload a file of org units; it is checked (a dry run) before anything is written."""
    user = request_user(request)
    scoping.require_role(user, Role.SYSADMIN)
    posted = request.method == "POST"
    form = OrgImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)
        try:
            # Refused now, with the form: a file we cannot read, or without its columns.
            table = read_table(data, upload.name, limits=READ_LIMITS)
            find_columns(table.headers, COLUMNS, required={"name", "kind"})
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            job = org_import_jobs.create(
                user=user, file_name=upload.name, data=data, rows=len(table.records())
            )
            org_import_jobs.start(job)
            return redirect("accounts:org_import_job", token=job.token)
    return render(
        request, "accounts/org_import.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def org_import_job(request: HttpRequest, token: str) -> HttpResponse:
    """The check's or the import's progress while it runs; the preview, or the result."""
    return render(request, "accounts/org_import_job.html", {"job": _job(request, token)})


@login_required
def org_import_progress(request: HttpRequest, token: str) -> HttpResponse:
    """The progress bar alone, polled by the job's page; reloads the page when done."""
    job = _job(request, token)
    response = render(request, "includes/import_progress.html", {"job": job})
    if not job.working:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def org_import_commit(request: HttpRequest, token: str) -> HttpResponse:
    """Import the checked file: now if small, in the background if large."""
    org_import_jobs.commit(_job(request, token))
    return redirect("accounts:org_import_job", token=token)
