"""The assessment pages: an institution's assessments, the yearly form (the parts shown
before saving and after), the printable yearly report, the county's scores of a year
across the visible institutions, and the score sheets (a county leader adds the county's).

Each view reads through ``register`` (scoped: an institution outside the user's subtrees is
404) and writes through ``assessment.services``; a refusal is shown beside its field.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.forms import posted_version
from guanai.core.paging import PAGE_SIZE
from guanai.institutions import register
from guanai.institutions.assessment import access, selectors, services
from guanai.institutions.assessment.forms import AssessmentForm, ScoreSheetForm
from guanai.institutions.models import Assessment, Institution


def _reader(request: HttpRequest) -> User:
    user = request_user(request)
    try:
        register.require_reader(user)
    except PermissionRefused:
        raise PermissionDenied from None
    return user


def assessment_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    institution = register.access_institution(user, pk)
    return render(
        request,
        "institutions/assessment_list.html",
        {
            "institution": institution,
            "assessments": list(selectors.assessments_of(institution)),
            "can_assess": access.can_assess(user, institution.org_unit),
        },
    )


def _assessor(request: HttpRequest, pk: int) -> tuple[User, Institution]:
    user = _reader(request)
    institution = register.access_institution(user, pk)
    if not access.can_assess(user, institution.org_unit):
        raise PermissionDenied
    return user, institution


def _form_page(
    request: HttpRequest, user: User, institution: Institution, current: Assessment | None
) -> HttpResponse:
    today = timezone.localdate()
    form = AssessmentForm(
        request.POST or None,
        initial=AssessmentForm.initial_of(current, today),
        fixed_year=current is not None,
    )
    found: services.Preview | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        try:
            if request.POST.get("action") == "preview":
                found = services.preview(institution, data, today)
            else:
                saved = services.assessment_save(
                    acting_user=user,
                    institution=institution,
                    data=data,
                    today=today,
                    version=None if current is None else posted_version(request),
                )
                messages.success(
                    request, _("The assessment of %(year)s is saved.") % {"year": saved.year}
                )
                return redirect(
                    "institutions:assessment_report", pk=institution.pk, year=saved.year
                )
        except DomainError as exc:
            form.add_domain_error(exc)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "institutions/assessment_form.html",
        {"form": form, "institution": institution, "assessment": current, "preview": found},
        status=status,
    )


def assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, institution = _assessor(request, pk)
    return _form_page(request, user, institution, None)


def _assessment(institution: Institution, year: int) -> Assessment:
    if not 1 <= year <= 9999:
        raise Http404
    return get_object_or_404(selectors.assessments_of(institution), year=year)


def assessment_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    user, institution = _assessor(request, pk)
    return _form_page(request, user, institution, _assessment(institution, year))


def assessment_report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    user = _reader(request)
    institution = register.access_institution(user, pk)
    assessment = _assessment(institution, year)
    return render(
        request,
        "institutions/assessment_report.html",
        {
            "institution": institution,
            "assessment": assessment,
            "score": services.stored_score(assessment),
            "can_assess": access.can_assess(user, institution.org_unit),
        },
    )


def _year(request: HttpRequest, this_year: int) -> int:
    text = request.GET.get("year", "")
    if not text:
        return this_year
    if not (text.isascii() and text.isdigit()) or not 2000 <= int(text) <= this_year:
        raise Http404
    return int(text)


def assessment_overview(request: HttpRequest) -> HttpResponse:
    """The scores of a year (``?year=``, this year by default) across the visible
    institutions, those not assessed yet listed too."""
    user = _reader(request)
    this_year = timezone.localdate().year
    year = _year(request, this_year)
    institutions = register.institutions_visible(user).order_by("org_unit__path")
    page = Paginator(institutions, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page)
    by_institution = {
        a.institution_id: a
        for a in selectors.assessments_in(institutions.filter(pk__in=[i.pk for i in shown]), year)
    }
    return render(
        request,
        "institutions/assessment_overview.html",
        {
            "page": page,
            "year": year,
            "years": list(range(this_year, this_year - 5, -1)),
            "rows": [(i, by_institution.get(i.pk)) for i in shown],
        },
    )


def score_sheets(request: HttpRequest) -> HttpResponse:
    """The sheets that apply in the user's units, and the form to add a county's own."""
    user = _reader(request)
    units = access.sheet_units(user)
    form = ScoreSheetForm(
        request.POST or None, units=units, initial=ScoreSheetForm.initial_for(timezone.localdate())
    )
    status = 200
    if request.method == "POST":
        if not units:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.score_sheet_add(
                    acting_user=user, unit=form.chosen_unit(), data=form.to_data()
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("The score sheet is added."))
                return redirect("institutions:score_sheets")
        status = 400
    mine = scoping.units_for(user, register.READERS)
    return render(
        request,
        "institutions/assessment_sheets.html",
        {
            "sheets": list(selectors.sheets_visible(mine)),
            "form": form if units else None,
        },
        status=status,
    )
