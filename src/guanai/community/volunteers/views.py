"""Volunteer pages: the group's list, the form; the visits, one visit with its roles,
sign-ups and shifts, check-in and check-out on a phone, a coordinator's correction of a
shift (``shift_views``), the host's confirmation; the visit links to its event's photos
and report.

Each view reads through ``access`` and ``selectors`` and writes through ``services`` and
``visits``; a refusal comes back as a message on the same page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.activities.events import events_visible
from guanai.activities.events.extensions import event_follow_ups
from guanai.activities.models.media import EventPhoto
from guanai.community import giving
from guanai.community.models import Skill, VisitRole, Volunteer, VolunteerVisit
from guanai.community.volunteers import access, selectors, services, shifts, visits
from guanai.community.volunteers.forms import RoleForm, VisitOpenForm, VolunteerForm, visit_events
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.core.masking import Shown, mask_phone
from guanai.core.numbers import parse_count
from guanai.core.paging import PAGE_SIZE


def reader(request: HttpRequest) -> User:
    user = request_user(request)
    scoping.require_role(user, *access.VOLUNTEER_READERS)
    return user


def phone_shown(user: User, volunteer: Volunteer) -> str:
    """Return the volunteer's phone as the user may see it: masked for the roster roles of
    the group, nothing for anyone else (a volunteer sees no phone number, DESIGN §1)."""
    shown = scoping.numbers_shown(user, volunteer.group)
    return mask_phone(volunteer.phone) if shown != Shown.NOTHING else ""


def volunteer_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    year = timezone.localdate().year
    search = request.GET.get("q", "").strip()
    rows = selectors.volunteers_list(user, year=year, search=search)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(Skill.choices)
    for volunteer in page:
        volunteer.phone_shown = phone_shown(user, volunteer)  # type: ignore[attr-defined]
        skills = [str(labels.get(code, code)) for code in volunteer.skills]
        if volunteer.skills_note:
            skills.append(volunteer.skills_note)
        volunteer.skills_shown = "、".join(skills)  # type: ignore[attr-defined]
    return render(
        request,
        "community/volunteers/volunteer_list.html",
        {
            "page": page,
            "year": year,
            "search": search,
            "can_add": access.groups_managed(user).exists(),
            "by_group": list(selectors.hours_by_group(user, year)),
        },
    )


def volunteer_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    if not access.groups_managed(user).exists():
        raise PermissionDenied
    form = VolunteerForm(
        request.POST or None, user=user, initial={"joined_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_add(
                acting_user=user, group=form.cleaned_data["group"], data=form.to_data()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The volunteer is saved."))
            return redirect("community:volunteers")
    return render(
        request, "community/volunteers/volunteer_form.html", {"form": form, "volunteer": None}
    )


def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    volunteer = access.access_volunteer(user, pk)
    if not access.can_manage_group(user, volunteer.group):
        raise PermissionDenied
    form = VolunteerForm(
        request.POST or None,
        user=user,
        volunteer=volunteer,
        initial=VolunteerForm.initial_of(volunteer),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_update(
                acting_user=user,
                volunteer=volunteer,
                data=form.to_data(),
                version=posted_version(request),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The volunteer is saved."))
            return redirect("community:volunteers")
    return render(
        request,
        "community/volunteers/volunteer_form.html",
        {"form": form, "volunteer": volunteer},
    )


def visit_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    page = Paginator(selectors.visits_list(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/volunteers/visit_list.html",
        {"page": page, "can_open": visit_events(user).exists()},
    )


def visit_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    if not visit_events(user).exists():
        raise PermissionDenied
    form = VisitOpenForm(request.POST or None, user=user, initial={"volunteer_cap": 55})
    if request.method == "POST" and form.is_valid():
        try:
            visit = visits.visit_open(
                acting_user=user,
                event=form.cleaned_data["event"],
                group=form.cleaned_data["group"],
                volunteer_cap=form.cleaned_data["volunteer_cap"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The visit is open to the group."))
            return redirect("community:visit_detail", pk=visit.pk)
    return render(request, "community/volunteers/visit_form.html", {"form": form})


def _event_links(user: User, visit: VolunteerVisit) -> dict[str, Any]:
    """Return what the visit page shows of its event: a link to the event's page and its
    photos, for those who see the event, and the follow-ups other apps offer on it (the
    information report written from it) — three queries at most."""
    event = visit.event
    if not events_visible(user).filter(pk=event.pk).exists():
        return {"sees_event": False, "photo_count": 0, "follow_ups": []}
    return {
        "sees_event": True,
        "photo_count": EventPhoto.objects.filter(event=event).count(),
        "follow_ups": event_follow_ups(user, event),
    }


def _visit_context(request: HttpRequest, user: User, visit: VolunteerVisit) -> dict[str, Any]:
    coordinator = access.can_coordinate(user, visit)
    host = access.is_host(user, visit)
    own = access.own_volunteer(user)
    sheet = selectors.visit_sheet(visit)
    search = request.GET.get("q", "").strip()
    signed_ids = {r.volunteer_id for r in sheet.participants}
    rows = [
        {
            "volunteer": role.volunteer,
            "shift": sheet.shifts.get(role.volunteer_id),
            # The volunteer themselves, the coordinators and the host check in and out.
            "may_check": coordinator or host or role.volunteer.user_id == user.pk,
        }
        # A volunteer on a phone finds their own row first, to check in with one tap.
        for role in sorted(sheet.participants, key=lambda r: r.volunteer.user_id != user.pk)
    ]
    return {
        "visit": visit,
        "event": visit.event,
        "sheet": sheet,
        "rows": rows,
        "can_coordinate": coordinator,
        "is_host": host,
        "own": own if own is not None and own.group_id == visit.group_id else None,
        "own_signed": own is not None and own.pk in signed_ids,
        "free": max(visit.volunteer_cap - sheet.signed, 0),
        "offered": list(selectors.volunteers_offered(visit, search)) if coordinator else [],
        "search": search,
        "role_form": RoleForm(volunteers=selectors.group_volunteers(visit))
        if coordinator
        else None,
        "can_record_donation": giving.can_record_on_visit(user, visit),
        "to_confirm": sum(
            1 for s in sheet.shifts.values() if s.out_at is not None and s.confirmed_at is None
        ),
        "may_correct": coordinator or host,
        "window": shifts.window_of(visit),
        **_event_links(user, visit),
    }


def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    visit = access.access_visit(user, pk)
    return render(
        request, "community/volunteers/visit_detail.html", _visit_context(request, user, visit)
    )


def _back(visit: VolunteerVisit) -> HttpResponse:
    return redirect(reverse("community:visit_detail", args=[visit.pk]))


def _posted_volunteers(request: HttpRequest, visit: VolunteerVisit) -> list[Volunteer]:
    """Return the volunteers of the visit's group named in the POST (others are ignored:
    the page offers no one else)."""
    ids = [v for v in request.POST.getlist("volunteer") if v.isascii() and v.isdigit()]
    return list(Volunteer.objects.filter(group=visit.group, pk__in=ids).select_related("group"))


def _one_volunteer(request: HttpRequest, visit: VolunteerVisit) -> Volunteer:
    found = _posted_volunteers(request, visit)
    if len(found) != 1:
        raise Http404
    return found[0]


@require_POST
def visit_sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    visit = access.access_visit(user, pk)
    chosen = _posted_volunteers(request, visit)
    if not chosen:
        messages.error(request, _("Choose the volunteers to sign up."))
        return _back(visit)
    try:
        added = visits.visit_sign_up(acting_user=user, visit=visit, volunteers=chosen)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s volunteer signed up.", "%(count)s volunteers signed up.", len(added)
            )
            % {"count": len(added)},
        )
    return _back(visit)


@require_POST
def visit_sign_up_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    visit = access.access_visit(user, pk)
    volunteer = _one_volunteer(request, visit)
    try:
        visits.visit_sign_up_cancel(acting_user=user, visit=visit, volunteer=volunteer)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(name)s is off the list.") % {"name": volunteer.name})
    return _back(visit)


@require_POST
def visit_role_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    visit = access.access_visit(user, pk)
    form = RoleForm(request.POST, volunteers=selectors.group_volunteers(visit))
    if not form.is_valid():
        messages.error(request, _("Choose a volunteer and a role."))
        return _back(visit)
    try:
        visits.visit_role_add(
            acting_user=user,
            visit=visit,
            volunteer=form.cleaned_data["volunteer"],
            role=form.cleaned_data["role"],
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return _back(visit)


@require_POST
def visit_role_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    visit = access.access_visit(user, pk)
    text = request.POST.get("role", "")
    role = (
        VisitRole.objects.filter(visit=visit, pk=int(text)).select_related("volunteer").first()
        if text.isascii() and text.isdigit()
        else None
    )
    if role is None:
        raise Http404
    try:
        visits.visit_role_remove(acting_user=user, visit=visit, role=role)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return _back(visit)


@require_POST
def visit_check(request: HttpRequest, pk: int, way: str) -> HttpResponse:
    user = reader(request)
    visit = access.access_visit(user, pk)
    volunteer = _one_volunteer(request, visit)
    action = {"in": shifts.check_in, "out": shifts.check_out}.get(way)
    if action is None:
        raise Http404
    try:
        shift = action(acting_user=user, visit=visit, volunteer=volunteer)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        if way == "in":
            messages.success(request, _("%(name)s checked in.") % {"name": volunteer.name})
        else:
            messages.success(
                request,
                _("%(name)s checked out: %(hours)s hours.")
                % {"name": volunteer.name, "hours": shift.hours},
            )
    return _back(visit)


@require_POST
def visit_cap(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    visit = access.access_visit(user, pk)
    text = request.POST.get("volunteer_cap", "").strip()
    try:
        cap = parse_count(text, field="volunteer_cap", maximum=visits.CAP_MAX)
        visits.visit_cap_set(acting_user=user, visit=visit, volunteer_cap=cap)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The visit takes at most %(cap)s volunteers.") % {"cap": cap})
    return _back(visit)


@require_POST
def visit_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    visit = access.access_visit(user, pk)
    try:
        count = shifts.shifts_confirm_all(acting_user=user, visit=visit)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            ngettext("%(count)s shift confirmed.", "%(count)s shifts confirmed.", count)
            % {"count": count},
        )
    return _back(visit)
