"""The roster export (花名册导出): the list's search, as an xlsx attachment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.registry.exporting import roster_export
from guanai.registry.forms import PersonFilterForm
from guanai.registry.selectors import PersonFilter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PURPOSE_MAX = 200


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
@require_GET
def roster_export_view(request: HttpRequest) -> HttpResponse:
    """Download the roster the user sees, with the list's filters (GET …&full=1&purpose=…).

    ``full=1`` asks for full ID and phone numbers; they are written only for the units
    where the user's role may reveal them, and masked everywhere else.
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
    purpose = request.GET.get("purpose", "").strip()[:PURPOSE_MAX]
    data, _rows = roster_export(
        user,
        flt,
        full_numbers=request.GET.get("full") == "1",
        purpose=purpose,
        request=request,
    )
    response = HttpResponse(data, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    # RFC 6266: the Chinese file name as filename*.
    response["Content-Disposition"] = (
        content_disposition_header(True, f"花名册-{stamp}.xlsx") or "attachment"
    )
    return response
