"""The correction of a volunteer's shift on a visit: the form a coordinator fills (the
group's or the host unit's), with the times and the reason (``shifts.shift_correct``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guanai.community.models import ServiceShift, VisitRole, VisitRoleKind
from guanai.community.volunteers import access, shifts
from guanai.community.volunteers.forms import ShiftCorrectForm
from guanai.community.volunteers.views import reader
from guanai.core.errors import DomainError


def visit_shift(request: HttpRequest, pk: int, volunteer_id: int) -> HttpResponse:
    """Correct one volunteer's check-in and check-out (or record a forgotten shift), with
    the reason; the group's coordinators and the host unit, until the hours are confirmed."""
    user = reader(request)
    visit = access.access_visit(user, pk)
    role = (
        VisitRole.objects.filter(
            visit=visit, volunteer_id=volunteer_id, role=VisitRoleKind.PARTICIPANT
        )
        .select_related("volunteer")
        .first()
    )
    if role is None:
        raise Http404
    if not shifts.may_correct(user, visit):
        raise PermissionDenied
    volunteer = role.volunteer
    shift = ServiceShift.objects.filter(visit=visit, volunteer=volunteer).first()
    form = ShiftCorrectForm(
        request.POST or None, initial=ShiftCorrectForm.initial_of(shift, visit.event)
    )
    if request.method == "POST" and form.is_valid():
        in_at, out_at = form.times()
        try:
            corrected = shifts.shift_correct(
                acting_user=user,
                visit=visit,
                volunteer=volunteer,
                in_at=in_at,
                out_at=out_at,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if corrected.hours is None:
                done = _("The check-in of %(name)s is corrected.") % {"name": volunteer.name}
            else:
                done = _("The times of %(name)s are corrected: %(hours)s hours.") % {
                    "name": volunteer.name,
                    "hours": corrected.hours,
                }
            messages.success(request, done)
            return redirect("community:visit_detail", pk=visit.pk)
    return render(
        request,
        "community/volunteers/shift_form.html",
        {
            "visit": visit,
            "event": visit.event,
            "volunteer": volunteer,
            "shift": shift,
            "form": form,
            "window": shifts.window_of(visit),
        },
    )
