"""Residents pages: an institution's residents (current, past, refused with the reasons),
the application (find the person on the user's rosters, then the form; the decision shown
on the resident's page), one resident with the leaving form.

Reads go through ``residents`` (scoped: a resident of an institution outside the user's
subtrees is 404); writes through its services, a refusal shown beside its field.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.core.paging import PAGE_SIZE
from guanai.institutions import register, residents
from guanai.institutions.models import Decision, Institution, Resident
from guanai.institutions.residents.forms import ApplyForm, LeaveForm, PersonSearchForm
from guanai.institutions.views import reader
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person
from guanai.registry.selectors import (
    PersonFilter,
    current_categories_of_person,
    persons_search,
)


def resident_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The institution's residents: current, past, and the refused applications."""
    user = reader(request)
    institution = register.access_institution(user, pk)
    today = timezone.localdate()
    return render(
        request,
        "institutions/resident_list.html",
        {
            "institution": institution,
            "can_edit": register.can_edit(user, institution.org_unit),
            "current": residents.rows_of(residents.current_residents(institution, today)),
            "past": residents.rows_of(residents.past_residents(institution, today)),
            "refused": residents.rows_of(residents.refused_applications(institution)),
        },
    )


def _candidates(user: User, text: str) -> QuerySet[Person]:
    """The persons on the rosters the user edits, not archived, found by ``text``."""
    return (
        persons_search(user, PersonFilter(q=text))
        .filter(subtree_q(scoping.units_for(user, scoping.ROSTER_EDITORS), field="org_unit__path"))
        .filter(archived_at__isnull=True)
    )


def _editable(request: HttpRequest, pk: int) -> tuple[User, Institution]:
    user = reader(request)
    institution = register.access_institution(user, pk)
    if not register.can_edit(user, institution.org_unit):
        raise PermissionDenied
    return user, institution


def resident_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply for ``?person=`` to the institution; without one, find the person first."""
    user, institution = _editable(request, pk)
    raw = request.GET.get("person", "")
    if not raw:
        search = PersonSearchForm(request.GET or None)
        text = search.cleaned_data.get("q", "") if search.is_valid() else ""
        page = Paginator(_candidates(user, text), PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "institutions/resident_pick.html",
            {
                "institution": institution,
                "search": search,
                "page": page,
                "target": reverse("institutions:resident_new", args=[institution.pk]),
            },
        )
    if not raw.isdigit():
        raise Http404
    person = get_object_or_404(_candidates(user, ""), pk=int(raw))
    today = timezone.localdate()
    form = ApplyForm(
        request.POST or None,
        initial={"mode": residents.mode_offered(institution), "applied_on": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            resident = residents.resident_apply(
                acting_user=user,
                institution=institution,
                person=person,
                today=today,
                **form.cleaned_data,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if resident.decision == Decision.ADMITTED:
                messages.success(request, _("%(name)s is admitted.") % {"name": person.name})
            else:
                messages.warning(
                    request, _("%(name)s is not eligible for care.") % {"name": person.name}
                )
            return redirect("institutions:resident_detail", pk=resident.pk)
    return render(
        request,
        "institutions/resident_form.html",
        {"form": form, "institution": institution, "person": person},
        status=400 if form.errors else 200,
    )


def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    return _page(request, user, residents.resident_read(user, pk, request=request))


@require_POST
def resident_leave(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    resident = residents.access_resident(user, pk)
    if not register.can_edit(user, resident.institution.org_unit):
        raise PermissionDenied
    form = LeaveForm(request.POST, prefix="leave")
    if form.is_valid():
        try:
            residents.resident_leave(
                acting_user=user,
                resident=resident,
                version=posted_version(request),
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("The leaving of %(name)s is recorded.") % {"name": resident.person.name}
            )
            return redirect("institutions:resident_detail", pk=resident.pk)
    return _page(request, user, resident, leave_form=form)


def _page(
    request: HttpRequest, user: User, resident: Resident, *, leave_form: LeaveForm | None = None
) -> HttpResponse:
    """Show a resident with the decision and stay, and the leaving form (a refused form
    again, with its messages: answered 400)."""
    today = timezone.localdate()
    row = residents.rows_of(
        residents.residents_visible(user)
        .filter(pk=resident.pk)
        .prefetch_related(current_categories_of_person())
    )[0]
    open_stay = row.resident.decision == Decision.ADMITTED and row.resident.ended_on is None
    return render(
        request,
        "institutions/resident_detail.html",
        {
            "row": row,
            "resident": row.resident,
            "institution": row.resident.institution,
            "can_leave": open_stay and register.can_edit(user, row.resident.institution.org_unit),
            "leave_form": leave_form or LeaveForm(initial={"ended_on": today}, prefix="leave"),
        },
        status=400 if leave_form is not None else 200,
    )
