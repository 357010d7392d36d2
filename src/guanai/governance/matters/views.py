"""The practical-matters pages, under /governance/matters/: a unit's list for a year (with
the unit and year chooser, progress bars and a status filter), the list on A4 as a unit
hands it up, one matter with its updates and the forms of its steps, the form of a matter,
and a photo.

Reads go through ``matters.access`` and ``matters.selectors`` (a matter the user may not
read is 404); writes through ``matters.services``, a refusal shown beside its field with
what was typed kept (400); a step the user's role may not take is 403.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.forms import posted_version
from guanai.core.photos import photo_response
from guanai.governance.matters import access, selectors, services
from guanai.governance.matters.forms import (
    PHOTO_HELP,
    PHOTO_LIMITS,
    DoneForm,
    DropForm,
    ListForm,
    MatterForm,
    ProgressForm,
)
from guanai.governance.models import MatterStatus, PracticalMatter
from guanai.governance.pages import reader
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import breadcrumb_of


def _number(raw: str | None) -> int | None:
    text = raw or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def chosen_unit(user: User, raw: str | None) -> OrgUnit:
    """Return the unit asked (404 when the user reads no list of it), or the user's own."""
    pk = _number(raw)
    if pk is None:
        unit = selectors.default_unit(user)
        if unit is None:
            raise Http404
        return unit
    found = access.units_readable(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def chosen_year(raw: str | None, today: date) -> int:
    year = _number(raw)
    return year if year is not None and 2000 <= year <= today.year + 1 else today.year


def _list_url(unit: OrgUnit, year: int) -> str:
    return f"{reverse('governance:matters_index')}?unit={unit.pk}&year={year}"


def matter_list(request: HttpRequest) -> HttpResponse:
    """A unit's list for a year, filtered by status (the user's own unit first)."""
    user = reader(request)
    today = timezone.localdate()
    unit = chosen_unit(user, request.GET.get("unit"))
    year = chosen_year(request.GET.get("year"), today)
    status = request.GET.get("status", "")
    if status not in (*MatterStatus.values, selectors.OVERDUE):
        status = ""
    form = ListForm(
        {"unit": unit.pk, "year": year, "status": status},
        units=access.units_readable(user).order_by("path"),
        years=selectors.years_offered(user, unit, today),
    )
    whole = selectors.unit_matters(user, unit, year)
    return render(
        request,
        "governance/matters/list.html",
        {
            "form": form,
            "unit": unit,
            "year": year,
            "status": status,
            "counts": selectors.counts_of(whole, today),
            "rows": selectors.rows_of(selectors.filtered(user, unit, year, status, today), today),
            "can_edit": access.can_edit(user, unit),
            "breadcrumb": breadcrumb_of(unit, scoping.org_units_visible(user)),
        },
    )


def matters_print(request: HttpRequest) -> HttpResponse:
    """The list of a unit for a year on A4, as the unit hands it up (signed and stamped)."""
    user = reader(request)
    today = timezone.localdate()
    unit = chosen_unit(user, request.GET.get("unit"))
    year = chosen_year(request.GET.get("year"), today)
    whole = selectors.unit_matters(user, unit, year)
    return render(
        request,
        "governance/matters/print.html",
        {
            "unit": unit,
            "year": year,
            "rows": selectors.rows_of(whole, today),
            "counts": selectors.counts_of(whole, today),
            "today": today,
            "back": _list_url(unit, year),
        },
    )


def _matter_form(
    user: User, unit: OrgUnit, data: Any = None, initial: dict[str, Any] | None = None
) -> MatterForm:
    return MatterForm(
        data,
        initial=initial,
        lead_units=selectors.lead_units_offered(user, unit),
        owners=selectors.owners_offered(user, unit),
    )


def _data(form: MatterForm) -> services.MatterData:
    d = form.cleaned_data
    return services.MatterData(
        title=d["title"],
        detail=d["detail"],
        lead_unit=d["lead_unit"],
        owner=d["owner"],
        deadline=d["deadline"],
        target=d["target"],
        target_unit=d["target_unit"],
    )


def _form_page(
    request: HttpRequest,
    form: MatterForm,
    unit: OrgUnit,
    year: int,
    matter: PracticalMatter | None,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "governance/matters/form.html",
        {"form": form, "unit": unit, "year": year, "matter": matter, "back": _list_url(unit, year)},
        status=status,
    )


def matter_new(request: HttpRequest) -> HttpResponse:
    """Add a matter to a unit's list for a year (a leader or worker of the unit)."""
    user = reader(request)
    today = timezone.localdate()
    unit = chosen_unit(user, request.GET.get("unit"))
    year = chosen_year(request.GET.get("year"), today)
    if not access.can_edit(user, unit):
        raise PermissionDenied
    if request.method != "POST":
        initial = {"lead_unit": unit.pk, "owner": user.pk, "deadline": date(year, 12, 31)}
        return _form_page(request, _matter_form(user, unit, initial=initial), unit, year, None, 200)
    form = _matter_form(user, unit, request.POST)
    if form.is_valid():
        try:
            matter = services.matter_create(user, unit=unit, year=year, data=_data(form))
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("“%(title)s” is on the list.") % {"title": matter.title})
            return redirect("governance:matter_detail", pk=matter.pk)
    return _form_page(request, form, unit, year, None, 400)


def matter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a matter still planned or in progress (a leader or worker of the unit)."""
    user = request_user(request)
    matter = access.access_matter(user, pk)
    if not access.can_edit(user, matter.org_unit):
        raise PermissionDenied
    unit = matter.org_unit
    if request.method != "POST":
        initial = {
            "title": matter.title,
            "detail": matter.detail,
            "lead_unit": matter.lead_unit_id,
            "owner": matter.owner_id,
            "deadline": matter.deadline,
            "target": "" if matter.target is None else f"{matter.target.normalize():f}",
            "target_unit": matter.target_unit,
        }
        form = _matter_form(user, unit, initial=initial)
        return _form_page(request, form, unit, matter.year, matter, 200)
    form = _matter_form(user, unit, request.POST)
    if form.is_valid():
        try:
            services.matter_update(user, matter, version=posted_version(request), data=_data(form))
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The matter is saved."))
            return redirect("governance:matter_detail", pk=matter.pk)
    return _form_page(request, form, unit, matter.year, matter, 400)


def detail_page(
    request: HttpRequest,
    user: User,
    matter: PracticalMatter,
    failed: tuple[str, Any] | None = None,
) -> HttpResponse:
    """Render a matter with the forms of the steps the user may take; ``failed`` is a
    refused step's name and form, shown as typed (400)."""
    today = timezone.localdate()
    is_open = matter.status in selectors.OPEN
    may_report = is_open and access.can_report(user, matter)
    may_edit = access.can_edit(user, matter.org_unit)
    forms: dict[str, Any] = {
        "progress": ProgressForm() if may_report else None,
        "done": DoneForm() if may_report else None,
        "drop": DropForm() if is_open and may_edit else None,
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    updates = list(matter.updates.all())
    return render(
        request,
        "governance/matters/detail.html",
        {
            "matter": matter,
            "updates": updates,
            "evidence": any(u.link or u.photos.all() for u in updates),
            "overdue": selectors.is_overdue(matter.status, matter.deadline, today),
            "row": selectors.MatterRow(
                matter,
                matter.reached,  # type: ignore[attr-defined]
                len(updates),
                selectors.is_overdue(matter.status, matter.deadline, today),
            ),
            "forms": forms,
            "can_edit": is_open and may_edit,
            "can_reopen": not is_open and access.can_reopen(user, matter),
            "photo_help": PHOTO_HELP % PHOTO_LIMITS,
            "back": _list_url(matter.org_unit, matter.year),
        },
        status=400 if failed is not None else 200,
    )


def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    return detail_page(request, user, selectors.matter_detail(user, pk))


def matter_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a photo of an update to a reader of its matter (404 otherwise)."""
    return photo_response(access.access_photo(request_user(request), pk))
