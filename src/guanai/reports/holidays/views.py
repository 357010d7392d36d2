"""The holiday page: a year's entered days, one day added or removed, a year pasted.

Every system administrator reads it; one of a county or above changes it (``access``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.requests import request_user
from guanai.core.dates import parse_date
from guanai.core.errors import DomainError, PermissionRefused
from guanai.reports.holidays import selectors, services
from guanai.reports.holidays.access import may_set_holidays, require_holiday_reader
from guanai.reports.holidays.forms import HolidayDayForm, HolidayPasteForm
from guanai.reports.holidays.parsing import LinesRefused
from guanai.reports.monthly.workdays import library_knows, library_years

EXAMPLE = "2027-02-06 至 2027-02-12 春节 放假\n2027-02-14 上班"


def _default_year(today: dt.date) -> int:
    """The year to show first: the coming one once its arrangement may be out (November)."""
    return today.year + 1 if today.month >= 11 else today.year


def _year_of(request: HttpRequest) -> int:
    """Return the year the address or the form names (the years a day may be entered in)."""
    limits = services.holiday_limits()
    text = request.GET.get("year") or request.POST.get("year") or ""
    if not text:
        return _default_year(timezone.localdate())
    if not (text.isascii() and text.isdigit()) or not (
        limits.first_year <= int(text) <= limits.last_year
    ):
        raise Http404
    return int(text)


def _page(
    request: HttpRequest,
    year: int,
    *,
    day_form: HolidayDayForm | None = None,
    paste_form: HolidayPasteForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    days = list(selectors.holiday_overrides(year))
    first, last = library_years()
    entered = selectors.holiday_years()
    limits = services.holiday_limits()
    neighbours = [y for y in (year - 1, year + 1) if limits.first_year <= y <= limits.last_year]
    context: dict[str, Any] = {
        "year": year,
        "days": days,
        "library_first": first,
        "library_last": last,
        "library_knows": library_knows(year),
        "years": sorted({*entered, year, *neighbours}),
        "can_set": may_set_holidays(user),
        "day_form": day_form or HolidayDayForm(),
        "paste_form": paste_form or HolidayPasteForm(),
        "problems": problems or [],
        "example": EXAMPLE,
    }
    return render(request, "reports/holidays.html", context, status=status)


def _back(year: int) -> HttpResponse:
    return redirect(f"{reverse('holidays:list')}?year={year}")


def holiday_list(request: HttpRequest) -> HttpResponse:
    """List a year's entered days; a POST adds (or corrects) one day."""
    require_holiday_reader(request.user)
    year = _year_of(request)
    if request.method != "POST":
        return _page(request, year)
    form = HolidayDayForm(request.POST)
    if form.is_valid():
        try:
            entry = services.holiday_override_set(
                acting_user=request_user(request),
                day=form.cleaned_data["day"],
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
            )
        except PermissionRefused as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("%(day)s was saved as %(kind)s.")
                % {"day": date_format(entry.day), "kind": entry.get_kind_display()},
            )
            return _back(entry.day.year)
    return _page(request, year, day_form=form, status=400)


@require_POST
def holiday_paste(request: HttpRequest) -> HttpResponse:
    """Enter the pasted lines; with a bad line, enter none and show every bad line."""
    require_holiday_reader(request.user)
    year = _year_of(request)
    form = HolidayPasteForm(request.POST)
    if form.is_valid():
        try:
            done = services.holiday_arrangement_enter(
                acting_user=request_user(request), text=form.cleaned_data["text"]
            )
        except PermissionRefused as exc:
            raise PermissionDenied from exc
        except LinesRefused as exc:
            return _page(request, year, paste_form=form, problems=exc.problems, status=400)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("Entered: %(added)s new days, %(changed)s changed, %(unchanged)s already so.")
                % {"added": done.added, "changed": done.changed, "unchanged": done.unchanged},
            )
            return _back(year)
    return _page(request, year, paste_form=form, status=400)


@require_POST
def holiday_delete(request: HttpRequest) -> HttpResponse:
    """Remove one entered day (named by its date)."""
    require_holiday_reader(request.user)
    year = _year_of(request)
    try:
        day = parse_date(request.POST.get("day", ""))
        services.holiday_override_delete(acting_user=request_user(request), day=day)
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _page(request, year, status=400)
    messages.success(request, _("%(day)s was removed.") % {"day": date_format(day)})
    return _back(day.year)
