"""The lists pages: the lists compared, the upload, one list with its rejected rows and its
findings beside the previous upload of its kind.

Reads go through ``access`` and ``lists.selectors`` (a list the user may not read is 404;
reading one is audited); the upload through ``lists.services.list_upload``, whose refusal
is shown beside its field with nothing stored (400).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.paging import page_of
from guanai.crosscheck import access
from guanai.crosscheck.findings.views import reader
from guanai.crosscheck.lists import ListData, list_upload, selectors
from guanai.crosscheck.lists.forms import UploadForm
from guanai.orgs.models import OrgUnit
from guanai.sheets.reading import MAX_BYTES


def list_index(request: HttpRequest) -> HttpResponse:
    """The lists the user reads, the newest first, with what each comparison counted."""
    user = reader(request)
    page = page_of(selectors.lists_listed(user), request.GET.get("page"))
    return render(
        request,
        "crosscheck/lists/list_index.html",
        {"page": page, "can_upload": bool(access.upload_units(user))},
    )


def list_upload_view(request: HttpRequest) -> HttpResponse:
    """Upload a list for one of the user's units; the comparison runs at once."""
    user = reader(request)
    units = access.upload_units(user)
    if not units:
        raise PermissionDenied
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        units=OrgUnit.objects.filter(pk__in=[u.pk for u in units]).order_by("path"),
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            check_list = list_upload(
                acting_user=user,
                org_unit=data["org_unit"],
                data=ListData(
                    kind=data["kind"],
                    source=data["source"],
                    purpose=data["purpose"],
                    as_of=data["as_of"],
                ),
                content=upload.read(MAX_BYTES + 1),
                filename=upload.name or "",
                request=request,
            )
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except DomainError as exc:
            # A file that cannot be read names no field: the message goes beside the file.
            form.add_error(exc.field if exc.field in form.fields else "file", str(exc.message))
        else:
            messages.success(
                request,
                _(
                    "The list is compared: %(rows)s rows, %(matched)s matched, "
                    "%(rejected)s rejected."
                )
                % {
                    "rows": check_list.rows,
                    "matched": check_list.matched,
                    "rejected": check_list.rejected,
                },
            )
            return redirect("crosscheck:list_detail", pk=check_list.pk)
    return render(
        request,
        "crosscheck/lists/list_upload.html",
        {"form": form, "kinds": selectors.columns_accepted()},
        status=400 if form.errors else 200,
    )


def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One list: its counts, rejected rows, warnings and findings, new and from before."""
    user = request_user(request)
    # 404 outside the user's scope, whatever their role.
    check_list = selectors.list_read(user, pk, request)
    previous = selectors.previous_list(check_list)
    rejects, rejects_more = selectors.rejects_shown(check_list)
    return render(
        request,
        "crosscheck/lists/list_detail.html",
        {
            "check_list": check_list,
            "previous": previous,
            "rejects": rejects,
            "rejects_more": rejects_more,
            "new": selectors.findings_new(user, check_list),
            "again": selectors.findings_again(user, check_list),
            "resolved": (
                selectors.findings_resolved_since(user, check_list, previous)
                if previous is not None
                else None
            ),
            "still_open": (
                selectors.findings_still_open(user, check_list) if previous is not None else None
            ),
        },
    )
