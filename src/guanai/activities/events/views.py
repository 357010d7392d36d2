"""Event pages: the list, the form, the page of one event with its enrolment, attendance.

Each view reads through ``access`` and ``selectors`` and writes through ``services`` and
``enrolment``; a refusal comes back as a message on the same page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.activities.events import enrolment, selectors, series, services
from guanai.activities.events.access import (
    EVENT_READERS,
    access_event,
    can_manage_event,
    can_take_attendance,
    event_units,
)
from guanai.activities.events.enrolment import Moves, enrollable_persons
from guanai.activities.events.forms import EventForm
from guanai.activities.events.photo_views import media_context
from guanai.activities.models.events import Event, EventStatus
from guanai.activities.models.plans import PlanItem
from guanai.activities.plans.access import access_plan_item, plans_visible_items
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.registry.models import Category, Person

PAGE_SIZE = 20


def reader(request: HttpRequest) -> User:
    user = request_user(request)
    scoping.require_role(user, *EVENT_READERS)
    return user


def names(persons: list[Person]) -> str:
    return "、".join(p.name for p in persons)


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    past = request.GET.get("when") == "past"
    page = Paginator(selectors.events_list(user, past=past), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "activities/events/event_list.html",
        {"page": page, "past": past, "can_create": event_units(user).exists()},
    )


def _plan_item(user: User, value: object) -> PlanItem | None:
    """Return the plan item an event is made from (``?plan_item=`` or the form's hidden
    field), read through the plan's scope: another unit's item is a 404."""
    text = str(value or "")
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) < 12):
        raise Http404
    return access_plan_item(user, int(text))


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    if not event_units(user).exists():
        raise PermissionDenied
    # The teacher's own unit first: most events are held where the teacher works.
    own = next(iter(scoping.units_for(user, scoping.ROSTER_EDITORS)), None)
    initial: dict[str, Any] = {"status": EventStatus.PUBLISHED, "unit": own.pk if own else None}
    item = _plan_item(user, (request.POST or request.GET).get("plan_item"))
    if item is not None:
        initial.update(EventForm.initial_from_item(item))
    form = EventForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        recurrence = form.to_recurrence()
        try:
            if recurrence is None:
                made = [
                    services.event_create(
                        acting_user=user,
                        org_unit=form.cleaned_data["unit"],
                        data=form.to_data(),
                        plan_item=item,
                    )
                ]
            else:
                made = series.event_series_create(
                    acting_user=user,
                    org_unit=form.cleaned_data["unit"],
                    data=form.to_data(),
                    recurrence=recurrence,
                    plan_item=item,
                )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if len(made) == 1:
                messages.success(request, _("The event is saved."))
            else:
                messages.success(
                    request,
                    ngettext("%(count)s event is saved.", "%(count)s events are saved.", len(made))
                    % {"count": len(made)},
                )
            return redirect("activities:event_detail", pk=made[0].pk)
    return render(
        request,
        "activities/events/event_form.html",
        {"form": form, "event": None, "plan_item": item},
    )


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    event = access_event(user, pk)
    if not can_manage_event(user, event.org_unit):
        raise PermissionDenied
    form = EventForm(
        request.POST or None, user=user, event=event, initial=EventForm.initial_of(event)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                acting_user=user, event=event, data=form.to_data(), version=posted_version(request)
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("activities:event_detail", pk=event.pk)
    return render(request, "activities/events/event_form.html", {"form": form, "event": event})


def _detail_context(request: HttpRequest, user: User, event: Event) -> dict[str, Any]:
    manager = can_manage_event(user, event.org_unit)
    search = request.GET.get("q", "").strip()
    categories = dict(Category.choices)
    return {
        "event": event,
        "lists": selectors.event_lists(event),
        "can_manage": manager and event.status != EventStatus.CANCELLED,
        "can_take_attendance": can_take_attendance(user, event),
        "classes": selectors.event_classes(user, event) if manager else [],
        "offered": selectors.persons_offered(user, event, search) if manager else [],
        "offered_max": selectors.OFFERED,
        "search": search,
        "target_categories": [categories.get(c, c) for c in event.target_categories],
        "series_place": series.series_place(user, event),
        "can_cancel_series": manager,
        "plan_item": _item_shown(user, event),
        **media_context(user, event),
    }


def _item_shown(user: User, event: Event) -> PlanItem | None:
    """Return the plan item the event was made from, if the user may open its plan."""
    if event.plan_item_id is None:
        return None
    return plans_visible_items(user).filter(pk=event.plan_item_id).first()


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    event = access_event(user, pk)
    return render(
        request, "activities/events/event_detail.html", _detail_context(request, user, event)
    )


def _manage(request: HttpRequest, pk: int) -> tuple[User, Event]:
    user = reader(request)
    event = access_event(user, pk)
    if not can_manage_event(user, event.org_unit):
        raise PermissionDenied
    return user, event


def _say_moves(request: HttpRequest, moves: Moves) -> None:
    if moves.enrolled:
        messages.success(request, _("Enrolled: %(names)s.") % {"names": names(moves.enrolled)})
    if moves.waiting:
        messages.warning(
            request,
            _("No place left, on the waiting list: %(names)s.") % {"names": names(moves.waiting)},
        )
    if moves.moved_down:
        messages.warning(
            request,
            _("Moved to the waiting list to give priority places: %(names)s.")
            % {"names": names(moves.moved_down)},
        )
    if moves.already:
        messages.info(
            request, _("Already on the lists: %(names)s.") % {"names": names(moves.already)}
        )


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 12]


@login_required
@require_POST
def event_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    user, event = _manage(request, pk)
    ids = _ids(request.POST.getlist("persons"))
    if not ids:
        messages.error(request, _("Choose at least one person to enrol."))
        return redirect("activities:event_detail", pk=event.pk)
    persons = list(Person.objects.filter(enrollable_persons(user, event), pk__in=ids))
    if len(persons) != len(set(ids)):
        messages.error(request, _("Some of the persons chosen cannot be enrolled here."))
        return redirect("activities:event_detail", pk=event.pk)
    try:
        _say_moves(request, enrolment.enrol_persons(acting_user=user, event=event, persons=persons))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("activities:event_detail", pk=event.pk)


@login_required
@require_POST
def event_enrol_class(request: HttpRequest, pk: int) -> HttpResponse:
    user, event = _manage(request, pk)
    chosen = {c.key: c for c in selectors.event_classes(user, event)}
    klass = chosen.get(request.POST.get("klass", ""))
    if klass is None:
        messages.error(request, _("Choose a class from the list."))
        return redirect("activities:event_detail", pk=event.pk)
    try:
        moves = enrolment.enrol_class(
            acting_user=user,
            event=event,
            school=klass.school,
            grade=klass.grade,
            class_name=klass.class_name,
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        _say_moves(request, moves)
    return redirect("activities:event_detail", pk=event.pk)


@login_required
@require_POST
def event_cancel_enrolment(request: HttpRequest, pk: int) -> HttpResponse:
    user, event = _manage(request, pk)
    ids = _ids([request.POST.get("person", "")])
    person = get_object_or_404(Person.objects.filter(enrolments__event=event), pk__in=ids)
    try:
        moved = enrolment.enrolment_cancel(acting_user=user, event=event, person=person)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(name)s is no longer enrolled.") % {"name": person.name})
        if moved:
            messages.info(
                request,
                _("Moved up from the waiting list: %(names)s.") % {"names": names(moved)},
            )
    return redirect("activities:event_detail", pk=event.pk)


@login_required
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance on a phone: one tap per person ("came" or "absent"), back to that row."""
    user = reader(request)
    event = access_event(user, pk)
    if not can_take_attendance(user, event):
        raise PermissionDenied
    if request.method == "POST":
        ids = _ids([request.POST.get("person", "")])
        present = request.POST.get("present")
        person = Person.objects.filter(pk__in=ids, enrolments__event=event).first()
        if person is None or present not in ("1", "0"):
            messages.error(request, _("Choose a person of the list and tap came or absent."))
            return redirect("activities:event_attendance", pk=event.pk)
        try:
            enrolment.attendance_mark(
                acting_user=user, event=event, person=person, present=present == "1"
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        url = reverse("activities:event_attendance", kwargs={"pk": event.pk})
        return redirect(f"{url}#person-{person.pk}")
    return render(
        request,
        "activities/events/attendance.html",
        {"event": event, "sheet": selectors.attendance_sheet(event)},
    )
