"""Payment-roll pages: the list with filters and totals, generating a unit's roll for a
month, a roll's summary, gaps and lines, and the steps draft → submitted → approved.

Leaders and workers of a unit containing the roll's unit generate, regenerate, submit and
add adjusting lines to a draft; its leaders return or approve a submitted roll. An
approved roll is locked: the page offers no change, only the export.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.benefits import catalogue, rolls
from guanai.benefits.forms import (
    AdjustmentForm,
    PersonSearchForm,
    RollFilterForm,
    RollGenerateForm,
    RollReturnForm,
    VersionForm,
)
from guanai.benefits.models import PaymentRoll, RollLine, RollStatus
from guanai.benefits.roll_export import (
    roll_export_start,
    roll_file_name,
    roll_line_count,
    roll_workbook,
)
from guanai.benefits.views_common import (
    PAGE_SIZE,
    can_lead,
    can_write,
    division_units,
    own_unit,
    parse_month,
    readable_units,
    reader,
    writable_units,
)
from guanai.core.errors import DomainError, ValidationFailed
from guanai.core.masking import mask_id
from guanai.core.money import ZERO, yuan
from guanai.orgs.selectors import breadcrumb_of, is_inside
from guanai.registry.purpose import PurposeForm
from guanai.registry.selectors import access_person_on_roster
from guanai.registry.views import purpose_page
from guanai.sheets import export_jobs

# The persons left out listed on a roll's page; the count says how many there are in all.
GAPS_SHOWN = 100


def _filtered(user: User, filters: RollFilterForm) -> QuerySet[PaymentRoll]:
    found = rolls.rolls_visible(user)
    if not filters.is_valid():
        return found
    data = filters.cleaned_data
    if data.get("unit") is not None:
        found = found.filter(org_unit=data["unit"])
    if data.get("month"):
        try:
            found = found.filter(month=parse_month(data["month"]))
        except ValidationFailed as exc:
            filters.add_error("month", str(exc.message))
    if data.get("status"):
        found = found.filter(status=data["status"])
    return found


def _generate_form(user: User, data: Any = None) -> RollGenerateForm | None:
    units = division_units(writable_units(user), user)
    if not scoping.units_for(user, scoping.ROSTER_EDITORS):
        return None
    today = timezone.localdate()
    unit = own_unit(user)
    return RollGenerateForm(
        data,
        units=units,
        initial={"unit": unit.pk if unit else None, "month": f"{today:%Y-%m}"},
    )


def _list_page(request: HttpRequest, user: User, form: RollGenerateForm | None) -> HttpResponse:
    filters = RollFilterForm(request.GET or None, units=division_units(readable_units(user), user))
    found = _filtered(user, filters)
    totals = found.aggregate(rolls=Count("pk"), persons=Sum("persons_count"), total=Sum("total"))
    page = Paginator(found.order_by("-month", "org_unit__path", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "benefits/roll_list.html",
        {
            "filters": filters,
            "page": page,
            "totals": totals,
            "form": form,
        },
    )


@login_required
def roll_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    return _list_page(request, user, _generate_form(user))


@login_required
@require_POST
def roll_generate(request: HttpRequest) -> HttpResponse:
    """Make (or remake, while a draft) the roll of a unit for a month."""
    user = reader(request)
    form = _generate_form(user, request.POST)
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        try:
            month = parse_month(form.cleaned_data["month"])
            roll = rolls.roll_generate(
                acting_user=user, org_unit=form.cleaned_data["unit"], month=month
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("The roll of %(unit)s for %(month)s: %(persons)s persons, %(total)s.")
                % {
                    "unit": roll.org_unit.name,
                    "month": date_format(roll.month, "YEAR_MONTH_FORMAT"),
                    "persons": roll.persons_count,
                    "total": yuan(roll.total),
                },
            )
            return redirect("benefits:roll_detail", pk=roll.pk)
    return _list_page(request, user, form)


def _line_rows(lines: Any) -> list[tuple[RollLine, str]]:
    return [(line, mask_id(line.person.id_number)) for line in lines]


def _detail_context(
    request: HttpRequest,
    user: User,
    roll: PaymentRoll,
    *,
    return_form: RollReturnForm | None = None,
) -> dict[str, Any]:
    lines = rolls.roll_lines(roll)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    writer = can_write(user, roll.org_unit)
    leader = can_lead(user, roll.org_unit)
    summary = [
        (catalogue.item(code).label, count, amount)
        for code, count, amount in rolls.roll_summary(roll)
    ]
    return {
        "roll": roll,
        "units": breadcrumb_of(roll.org_unit, scoping.org_units_visible(user)),
        "summary": summary,
        "summary_lines": sum(count for _label, count, _amount in summary),
        "summary_total": sum((amount for _l, _c, amount in summary), ZERO),
        "gaps": rolls.roll_gaps(roll, limit=GAPS_SHOWN),
        "gaps_count": rolls.roll_gaps_count(roll),
        "accounts_missing": rolls.roll_accounts_missing(roll),
        "holds": rolls.roll_holds(roll) if not roll.locked else [],
        "page": page,
        "rows": _line_rows(page),
        "can_edit": writer and roll.status == RollStatus.DRAFT,
        "can_review": leader and roll.status == RollStatus.SUBMITTED,
        "can_full_numbers": scoping.can_reveal_numbers(user, roll.org_unit),
        "return_form": return_form or RollReturnForm(),
    }


@login_required
def roll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    roll = rolls.access_roll(user, pk)
    return render(request, "benefits/roll_detail.html", _detail_context(request, user, roll))


def _step(request: HttpRequest, pk: int, *, leader: bool) -> tuple[User, PaymentRoll]:
    user = reader(request)
    roll = rolls.access_roll(user, pk)
    allowed = can_lead(user, roll.org_unit) if leader else can_write(user, roll.org_unit)
    if not allowed:
        raise PermissionDenied
    return user, roll


def _done(request: HttpRequest, roll: PaymentRoll, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("benefits:roll_detail", pk=roll.pk)


def _refused(request: HttpRequest, roll: PaymentRoll, exc: DomainError) -> HttpResponse:
    messages.error(request, str(exc.message))
    return redirect("benefits:roll_detail", pk=roll.pk)


def _version(request: HttpRequest) -> int:
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise Http404
    return int(form.cleaned_data["version"])


@login_required
@require_POST
def roll_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    user, roll = _step(request, pk, leader=False)
    try:
        roll = rolls.roll_generate(acting_user=user, org_unit=roll.org_unit, month=roll.month)
    except DomainError as exc:
        return _refused(request, roll, exc)
    return _done(request, roll, _("The roll is made again from today's records."))


@login_required
@require_POST
def roll_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user, roll = _step(request, pk, leader=False)
    try:
        rolls.roll_submit(acting_user=user, roll=roll, version=_version(request))
    except DomainError as exc:
        return _refused(request, roll, exc)
    return _done(request, roll, _("The roll is submitted for a leader's approval."))


@login_required
@require_POST
def roll_return(request: HttpRequest, pk: int) -> HttpResponse:
    user, roll = _step(request, pk, leader=True)
    form = RollReturnForm(request.POST)
    if form.is_valid():
        try:
            rolls.roll_return(acting_user=user, roll=roll, note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return _done(request, roll, _("The roll is returned for correction."))
    return render(
        request,
        "benefits/roll_detail.html",
        _detail_context(request, user, roll, return_form=form),
    )


@login_required
@require_POST
def roll_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user, roll = _step(request, pk, leader=True)
    try:
        rolls.roll_approve(
            acting_user=user,
            roll=roll,
            version=_version(request),
            override=request.POST.get("override", ""),
            request=request,
        )
    except DomainError as exc:
        return _refused(request, roll, exc)
    return _done(request, roll, _("The roll is approved and locked."))


@login_required
def roll_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the roll in the bank-upload layout; full numbers only for roster editors.

    Only a POST that states its purpose exports (issue 12: no link or crawler may cause a
    full-number export); a GET shows the form that asks it.
    """
    user = reader(request)
    # Not ``access_roll``: ``roll_workbook`` reads the roll through it again itself, and
    # the same look-up twice in one request reads as an N+1 to django-zeal.
    roll = get_object_or_404(rolls.rolls_visible(user), pk=pk)
    may_reveal = scoping.can_reveal_numbers(user, roll.org_unit)
    posted = request.method == "POST"
    full = (request.POST if posted else request.GET).get("full") == "1"
    if full and not may_reveal:
        raise PermissionDenied
    form = PurposeForm(request.POST if posted else None)
    if not form.is_valid():
        return purpose_page(
            request,
            form,
            title=_("Download the roll for the bank"),
            submit=_("Download for the bank (xlsx)"),
            cancel=reverse("benefits:roll_detail", args=[roll.pk]),
            offer_full=may_reveal,
            full=full,
        )
    purpose = form.cleaned_data["purpose"]
    total = roll_line_count(roll)
    if total > export_jobs.background_rows():
        # A county's roll: written by the worker, with a page that shows its progress.
        job = roll_export_start(
            acting_user=user, roll=roll, full_numbers=full, purpose=purpose, total=total
        )
        return redirect("sheets:export_job", token=job.token)
    content = roll_workbook(
        acting_user=user, roll=roll, full_numbers=full, purpose=purpose, request=request
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{roll_file_name(roll)}"'
    return response


@login_required
def roll_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Print every line of the roll (the page shows them a page at a time), with totals
    and signature lines; a POST that states its purpose, audited, as the export is."""
    user = reader(request)
    roll = get_object_or_404(rolls.rolls_visible(user), pk=pk)
    form = PurposeForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return purpose_page(
            request,
            form,
            title=_("Print the whole roll"),
            submit=_("Print the whole roll (recorded in the audit log)"),
            cancel=reverse("benefits:roll_detail", args=[roll.pk]),
        )
    printed = rolls.roll_print(
        acting_user=user, roll=roll, purpose=form.cleaned_data["purpose"], request=request
    )
    return render(request, "benefits/roll_print.html", {"printed": printed, "roll": printed.roll})


# --- Adjusting lines ------------------------------------------------------------------------


@login_required
def roll_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an adjusting line to a draft roll: pick the person (``?q=``), then the amount."""
    user, roll = _step(request, pk, leader=False)
    if roll.status != RollStatus.DRAFT:
        messages.error(request, _("Only a draft roll takes adjusting lines."))
        return redirect("benefits:roll_detail", pk=roll.pk)
    raw = request.GET.get("person")
    if raw is None:
        search = PersonSearchForm(request.GET or None)
        text = search.cleaned_data.get("q", "") if search.is_valid() else ""
        persons = rolls.roll_adjustment_persons(user, roll, text)
        page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "benefits/person_pick.html",
            {
                "title": _("Adjusting line for the roll of %(unit)s, %(month)s")
                % {
                    "unit": roll.org_unit.name,
                    "month": date_format(roll.month, "YEAR_MONTH_FORMAT"),
                },
                "search": search,
                "page": page,
                "target": request.path,
            },
        )
    if not raw.isdigit():
        raise Http404
    person = access_person_on_roster(user, int(raw))
    if not is_inside(person.org_unit, roll.org_unit):
        raise Http404
    form = AdjustmentForm(request.POST or None, lines=rolls.roll_adjustable_lines(roll, person.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rolls.roll_adjustment_add(
                acting_user=user,
                roll=roll,
                person=person,
                item=data["item"],
                amount=data["amount"],
                note=data["note"],
                adjusts=data["adjusts"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return _done(
                request, roll, _("Adjusting line added for %(name)s.") % {"name": person.name}
            )
    return render(
        request,
        "benefits/adjust_form.html",
        {
            "form": form,
            "roll": roll,
            "person": person,
            "title": _("Adjusting line for %(name)s") % {"name": person.name},
        },
    )
