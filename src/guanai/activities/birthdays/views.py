"""Birthday pages: a month's birthdays of the user's units, one tap to mark one celebrated,
and the form that sets a person's lunar birthday.

Reads come from ``selectors`` (scoped by ``accounts.scoping``), writes from ``services``.
A page about one person is a 404 to a user who may not change what it changes.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.requests import request_user
from guanai.activities.birthdays import access, lunar, selectors, services
from guanai.activities.birthdays.forms import LunarBirthdayForm
from guanai.activities.models.birthdays import CelebrationHow, LunarBirthday
from guanai.core.errors import DomainError, ValidationFailed
from guanai.core.months import month_label, next_month, parse_month, previous_month, this_month
from guanai.orgs.models import OrgUnit


def _list_url(month: dt.date, unit: str = "") -> str:
    query = {"month": month_label(month), **({"unit": unit} if unit else {})}
    return f"{reverse('activities:birthdays')}?{urlencode(query)}"


def _month_asked(request: HttpRequest, text: str) -> dt.date:
    if not text:
        return this_month()
    try:
        return parse_month(text)
    except ValidationFailed as exc:
        messages.error(request, str(exc.message))
        return this_month()


@login_required
def birthdays(request: HttpRequest) -> HttpResponse:
    """Show a month's birthdays (``?month=2026-05``) of the user's units (``?unit=<pk>``)."""
    user = request_user(request)
    month = _month_asked(request, request.GET.get("month", "").strip())
    units = selectors.birthday_units(user)
    unit: OrgUnit | None = None
    unit_pk = request.GET.get("unit", "")
    if unit_pk:
        unit = next((u for u in units if str(u.pk) == unit_pk), None)
        if unit is None:
            raise Http404
    rows = selectors.birthdays_of_month(user, month, unit)
    celebrators = access.persons_to_celebrate(user, [row.person for row in rows])
    return render(
        request,
        "activities/birthdays/month.html",
        {
            "month": month,
            "previous": _list_url(previous_month(month), unit_pk),
            "next": _list_url(next_month(month), unit_pk),
            "units": units,
            "unit": unit,
            "rows": [
                (row, row.person.pk in celebrators, access.can_set_lunar_birthday(user, row.person))
                for row in rows
            ],
            "hows": CelebrationHow.choices,
            "today": timezone.localdate(),
        },
    )


def _back(request: HttpRequest) -> str:
    """Return to the list the button was on (its month and unit, read back safely)."""
    text = request.POST.get("month", "")
    try:
        month = parse_month(text) if text else this_month()
    except ValidationFailed:
        month = this_month()
    unit = request.POST.get("unit", "")
    return _list_url(month, unit if unit.isascii() and unit.isdigit() else "")


def _year_posted(request: HttpRequest) -> int:
    text = request.POST.get("year", "")
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise ValidationFailed(_("Choose the birthday's year."), field="year")
    return int(text)


@login_required
@require_POST
def celebrate(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a person's birthday of a year celebrated, ``how`` (one tap on the list)."""
    user = request_user(request)
    person = access.access_person_to_celebrate(user, pk)
    try:
        services.celebration_record(
            acting_user=user,
            person=person,
            year=_year_posted(request),
            how=request.POST.get("how", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("%(name)s's birthday is recorded as celebrated.") % {"name": person.name}
        )
    return redirect(_back(request))


@login_required
@require_POST
def celebration_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back a celebration marked by mistake."""
    user = request_user(request)
    person = access.access_person_to_celebrate(user, pk)
    try:
        services.celebration_undo(acting_user=user, person=person, year=_year_posted(request))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("%(name)s's birthday is no longer recorded as celebrated.") % {"name": person.name},
        )
    return redirect(_back(request))


@login_required
def lunar_birthday(request: HttpRequest, pk: int) -> HttpResponse:
    """Set, change or clear the lunar birthday a person keeps."""
    user = request_user(request)
    person = access.access_person_for_lunar_birthday(user, pk)
    kept = LunarBirthday.objects.filter(person=person).first()
    initial: dict[str, object] = {}
    if kept is not None:
        initial = {"month": kept.month, "day": kept.day, "leap": kept.is_leap}
    elif person.birth_date is not None:
        born = lunar.lunar_date_of(person.birth_date)
        initial = {"month": born.month, "day": born.day, "leap": born.leap}
    form = LunarBirthdayForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("action") == "clear":
        try:
            services.lunar_birthday_clear(acting_user=user, person=person)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect(request.path)
        messages.success(
            request,
            _("%(name)s's birthday is the solar birth date again.") % {"name": person.name},
        )
        return redirect(_list_url(this_month()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.lunar_birthday_set(
                acting_user=user,
                person=person,
                month=data["month"],
                day=data["day"],
                leap=data["leap"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            on = lunar.next_occurrence(
                lunar.LunarDate(saved.month, saved.day, saved.is_leap), timezone.localdate()
            )
            messages.success(
                request,
                _("%(name)s's lunar birthday is saved; it next falls on %(date)s.")
                % {"name": person.name, "date": date_format(on, "DATE_FORMAT")},
            )
            return redirect(_list_url(on.replace(day=1)))
    return render(
        request,
        "activities/birthdays/lunar_form.html",
        {
            "person": person,
            "form": form,
            "kept": kept,
            "title": _("Lunar birthday of %(name)s") % {"name": person.name},
        },
    )
