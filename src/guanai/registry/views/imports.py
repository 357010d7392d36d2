"""The roster import pages: template, upload with a preview, import, error workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.requests import request_user
from guanai.core.audit import export_logged
from guanai.core.errors import DomainError
from guanai.orgs.models import OrgUnit
from guanai.registry import import_jobs
from guanai.registry.forms import UnitChoiceField
from guanai.registry.importing import KINDS, READ_LIMITS, RosterReport, roster_import
from guanai.registry.models import ImportStatus, RosterImport
from guanai.registry.roster_template import template_bytes
from guanai.sheets.reading import MAX_BYTES, read_table
from guanai.sheets.writing import XLSX

KIND_LABELS = {
    "general": gettext_lazy("General roster"),
    "left_behind": gettext_lazy("Left-behind children"),
    "disabled": gettext_lazy("Disabled persons"),
}


class RosterImportForm(forms.Form):
    org_unit = UnitChoiceField(label=gettext_lazy("Import into"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Template"), choices=list(KIND_LABELS.items()))
    file = forms.FileField(
        label=gettext_lazy("Roster file"),
        help_text=gettext_lazy("xlsx or csv (UTF-8 or GBK), at most 20 MB."),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]


def _job(request: HttpRequest, token: str) -> RosterImport:
    """Return the user's own import that they may still edit the unit of, or raise Http404."""
    user = request_user(request)
    job = (
        RosterImport.objects.select_related("org_unit", "user")
        .filter(token=token, user=user)
        .first()
    )
    # The files hold full ID numbers: the user must still edit the unit's roster.
    if job is None or not scoping.roster_edit_units(user).filter(pk=job.org_unit_id).exists():
        raise Http404
    return job


@login_required
def roster_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    scoping.require_role(request_user(request), *scoping.ROSTER_EDITORS)
    response = HttpResponse(template_bytes(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="roster-template-{kind}.xlsx"'
    return response


@login_required
def roster_import_page(request: HttpRequest) -> HttpResponse:
    """Upload a roster and see what it would do; nothing is written yet (dry run)."""
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_EDITORS)
    import_jobs.sweep(user)
    posted = request.method == "POST"
    form = RosterImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        units=scoping.roster_edit_units(user),
    )
    report: RosterReport | None = None
    job: RosterImport | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)
        try:
            table = read_table(data, upload.name, limits=READ_LIMITS)
            report = roster_import(
                table,
                acting_user=user,
                org_unit=form.cleaned_data["org_unit"],
                kind=form.cleaned_data["kind"],
                dry_run=True,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else "file", str(exc.message))
        else:
            # Keep the file for the import itself, so the clerk need not choose it again.
            job = import_jobs.create(
                user=user,
                org_unit=form.cleaned_data["org_unit"],
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                data=data,
                report=report,
            )
    return render(
        request,
        "registry/roster_import.html",
        {
            "form": form,
            "report": report,
            "token": job.token if job else "",
            "background": job is not None and job.rows > import_jobs.background_rows(),
            "kinds": KIND_LABELS.items(),
        },
        # A refused upload is answered as such (issue 12), with the form and its errors.
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def roster_import_commit(request: HttpRequest, token: str) -> HttpResponse:
    """Import the checked file: now if small, in the background if large."""
    job = _job(request, token)
    if job.status == ImportStatus.PREVIEWED:
        import_jobs.start(job)
    return redirect("registry:roster_import_result", token=token)


@login_required
def roster_import_result(request: HttpRequest, token: str) -> HttpResponse:
    """The import's progress while it runs; its counts and rejected rows when done."""
    job = _job(request, token)
    return render(request, "registry/roster_import_done.html", {"job": job})


@login_required
def roster_import_progress(request: HttpRequest, token: str) -> HttpResponse:
    """The progress bar alone, polled by the result page; reloads the page when done."""
    job = _job(request, token)
    response = render(request, "includes/import_progress.html", {"job": job})
    if job.finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
def roster_import_errors(request: HttpRequest, token: str) -> HttpResponse:
    """Download the rejected rows with their reasons (an audited export: it holds IDs)."""
    job = _job(request, token)
    path = Path(job.errors_path)
    if not job.errors_path or not path.exists():
        raise Http404
    export_logged(
        user=request_user(request),
        what="roster_import_errors",
        rows=job.rejected,
        request=request,
        purpose=_("Fix the rejected rows of a roster import"),
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(path.read_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="roster-errors-{stamp}.xlsx"'
    return response
