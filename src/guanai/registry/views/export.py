"""The roster export (花名册导出): the list's search, as an xlsx attachment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.registry.export_jobs import roster_export_start
from guanai.registry.exporting import roster_count, roster_export
from guanai.registry.forms import PersonFilterForm
from guanai.registry.purpose import PurposeForm
from guanai.registry.selectors import PersonFilter
from guanai.registry.views.purpose import purpose_page
from guanai.sheets import export_jobs
from guanai.sheets.writing import XLSX


class FilterRefused(Exception):
    """The query string does not make a valid filter; ``outside_scope`` for a foreign unit."""

    def __init__(self, *, outside_scope: bool) -> None:
        super().__init__()
        self.outside_scope = outside_scope


def person_filter(request: HttpRequest, user: User) -> PersonFilter:
    """Return the roster list's filter from the query string (as ``person_list`` reads it)."""
    form = PersonFilterForm(request.GET, units=scoping.org_units_visible(user))
    if not form.is_valid():
        raise FilterRefused(outside_scope="unit" in form.errors)
    return form.to_filter()


@login_required
def roster_export_view(request: HttpRequest) -> HttpResponse:
    """Download the roster the user sees, with the list's filters (the query string).

    The GET asks the purpose (and whether full numbers are wanted); only the POST that
    carries a purpose exports, so that no link or crawler can cause an export. Full ID and
    phone numbers (``full=1``) are written only for the units where the user's role may
    reveal them, and masked everywhere else. More than ``GUANAI_EXPORT_BACKGROUND_ROWS``
    persons are written in the background: the POST then leads to the job's page.
    """
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_ROLES)
    try:
        flt = person_filter(request, user)
    except FilterRefused as refused:
        # A unit the user may not see is not found (DESIGN §5); other bad values are refused.
        if refused.outside_scope:
            raise Http404 from refused
        return HttpResponseBadRequest(
            _("The filters are not valid; export again from the roster list.")
        )
    posted = request.method == "POST"
    form = PurposeForm(request.POST if posted else None)
    may_reveal = scoping.roster_edit_units(user).exists()
    full = may_reveal and (request.POST if posted else request.GET).get("full") == "1"
    if not form.is_valid():
        query = request.GET.copy()
        query.pop("full", None)
        return purpose_page(
            request,
            form,
            title=_("Export the roster to Excel"),
            submit=_("Export (recorded in the audit log)"),
            cancel=f"{reverse('registry:person_list')}?{query.urlencode()}",
            lead=_("The export has the persons of the roster list with its filters."),
            offer_full=may_reveal,
            full=full,
        )
    purpose = form.cleaned_data["purpose"]
    total = roster_count(user, flt)
    if total > export_jobs.background_rows():
        # A county's roster: written by the worker, with a page that shows its progress.
        job = roster_export_start(user, flt, full_numbers=full, purpose=purpose, total=total)
        return redirect("sheets:export_job", token=job.token)
    data, _rows = roster_export(user, flt, full_numbers=full, purpose=purpose, request=request)
    response = HttpResponse(data, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    # RFC 6266: the Chinese file name as filename*.
    response["Content-Disposition"] = (
        content_disposition_header(True, f"花名册-{stamp}.xlsx") or "attachment"
    )
    return response
