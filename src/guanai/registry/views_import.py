"""The roster import pages: template, upload with a preview, import, error workbook."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
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
from guanai.registry.forms import UnitChoiceField
from guanai.registry.importing import KINDS, RosterReport, roster_import
from guanai.registry.roster_template import template_bytes
from guanai.sheets.reading import MAX_BYTES, read_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "roster_imports"
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


def _upload_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _pending(request: HttpRequest, token: str) -> dict[str, Any]:
    """Return the stored upload of this user's session, or raise Http404."""
    found: dict[str, Any] | None = request.session.get(SESSION_KEY, {}).get(token)
    if found is None:
        raise Http404
    return found


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
    form = RosterImportForm(
        request.POST or None, request.FILES or None, units=scoping.roster_edit_units(user)
    )
    report: RosterReport | None = None
    token = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)
        try:
            table = read_table(data, upload.name)
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
            token = uuid.uuid4().hex
            path = _upload_dir() / f"{user.pk}-{token}{Path(upload.name).suffix.lower()}"
            path.write_bytes(data)
            pending = request.session.get(SESSION_KEY, {})
            pending[token] = {
                "path": str(path),
                "name": upload.name,
                "unit": form.cleaned_data["org_unit"].pk,
                "kind": form.cleaned_data["kind"],
            }
            request.session[SESSION_KEY] = pending
    return render(
        request,
        "registry/roster_import.html",
        {"form": form, "report": report, "token": token, "kinds": KIND_LABELS.items()},
    )


@login_required
@require_POST
def roster_import_commit(request: HttpRequest, token: str) -> HttpResponse:
    """Import the previewed file: valid rows are written, rejected ones go to a workbook."""
    user = request_user(request)
    pending = _pending(request, token)
    unit = scoping.roster_edit_units(user).filter(pk=pending["unit"]).first()
    path = Path(pending["path"])
    if unit is None or not path.exists():
        raise Http404
    try:
        report = roster_import(path, acting_user=user, org_unit=unit, kind=pending["kind"])
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("registry:roster_import")
    finally:
        # The upload holds full ID numbers in clear: it is kept no longer than needed.
        path.unlink(missing_ok=True)
    if report.rejected:
        errors = _upload_dir() / f"{user.pk}-{token}-errors.xlsx"
        errors.write_bytes(report.error_workbook())
        pending["errors"] = str(errors)
        pending["rejected"] = report.rejected
    request.session[SESSION_KEY] = {**request.session.get(SESSION_KEY, {}), token: pending}
    return render(
        request,
        "registry/roster_import_done.html",
        {"report": report, "token": token, "unit": unit, "name": pending["name"]},
    )


@login_required
def roster_import_errors(request: HttpRequest, token: str) -> HttpResponse:
    """Download the rejected rows with their reasons (an audited export: it holds IDs)."""
    user = request_user(request)
    pending = _pending(request, token)
    # The workbook holds full ID numbers: the user must still edit the unit's roster.
    if not scoping.roster_edit_units(user).filter(pk=pending["unit"]).exists():
        raise Http404
    path = Path(pending.get("errors", ""))
    if not pending.get("errors") or not path.exists():
        raise Http404
    export_logged(
        user=user,
        what="roster_import_errors",
        rows=pending.get("rejected", 0),
        request=request,
        purpose=_("Fix the rejected rows of a roster import"),
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(path.read_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="roster-errors-{stamp}.xlsx"'
    return response
