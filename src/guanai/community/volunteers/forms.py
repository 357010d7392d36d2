"""The volunteer form, the form that opens a visit to a group, the roles' form and the
correction of a shift."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.activities.events import events_visible
from guanai.activities.models.events import Event, EventKind
from guanai.community.models import ServiceShift, Skill, VisitRoleKind, Volunteer
from guanai.community.volunteers.access import groups_managed, groups_offered
from guanai.community.volunteers.services import VolunteerData
from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.core.masking import mask_phone
from guanai.orgs.selectors import subtree_q

DATE = {"type": "date"}


class VolunteerForm(ServiceErrorsMixin, forms.Form):
    group = ModelChoiceField(queryset=None, label=_("Volunteer group"))
    name = forms.CharField(label=_("Full name"), max_length=1000)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=1000)
    skills = forms.MultipleChoiceField(
        label=_("Skills"),
        choices=Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills_note = forms.CharField(label=_("Other skills"), required=False, max_length=1000)
    availability = forms.CharField(
        label=_("Availability"),
        required=False,
        max_length=1000,
        help_text=_("When the volunteer can come, e.g. 周末, 工作日晚上."),
    )
    joined_on = forms.DateField(
        label=_("Joined on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    user = ModelChoiceField(
        queryset=None,
        label=_("Account"),
        required=False,
        help_text=_("A volunteer with an account signs up and checks in on their own phone."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    phone_remove = forms.BooleanField(label=_("Remove the phone number"), required=False)

    def __init__(self, *args: Any, user: User, volunteer: Volunteer | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        groups = groups_managed(user).order_by("path")
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            scoping.users_visible(user)
            .filter(memberships__in=scoping.memberships_in_force().filter(role=Role.VOLUNTEER))
            .distinct()
            .order_by("full_name", "pk")
        )
        if volunteer is None:
            del self.fields["phone_remove"]
        else:
            # A volunteer stays in their group; moving them is not an edit of this form.
            del self.fields["group"]
            # The stored number is never shown whole (DESIGN §5): an empty field keeps it.
            self.fields["phone"].help_text = _(
                "Stored: %(masked)s. Leave empty to keep it, or type a new number."
            ) % {"masked": mask_phone(volunteer.phone) or "—"}
            if not volunteer.phone:
                del self.fields["phone_remove"]
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    @staticmethod
    def initial_of(volunteer: Volunteer) -> dict[str, Any]:
        return {
            "name": volunteer.name,
            "skills": volunteer.skills,
            "skills_note": volunteer.skills_note,
            "availability": volunteer.availability,
            "joined_on": volunteer.joined_on,
            "user": volunteer.user_id,
            "is_active": volunteer.is_active,
        }

    def to_data(self) -> VolunteerData:
        data = self.cleaned_data
        phone: str | None = data["phone"]
        if "group" not in self.fields and not (phone or "").strip():
            phone = "" if data.get("phone_remove") else None
        return VolunteerData(
            name=data["name"],
            joined_on=data["joined_on"],
            phone=phone,
            skills=data["skills"],
            skills_note=data["skills_note"],
            availability=data["availability"],
            is_active=data["is_active"],
            user=data["user"],
        )


def visit_events(user: User) -> QuerySet[Event]:
    """Return the volunteer-visit events the user holds that no group visits yet."""
    return (
        events_visible(user)
        .filter(
            subtree_q(scoping.units_for(user, scoping.ROSTER_EDITORS), field="org_unit__path"),
            kind=EventKind.VOLUNTEER_VISIT,
            volunteer_visit__isnull=True,
        )
        .order_by("-starts_at", "pk")
    )


class VisitOpenForm(ServiceErrorsMixin, forms.Form):
    event = ModelChoiceField(queryset=None, label=_("Event"))
    group = ModelChoiceField(queryset=None, label=_("Volunteer group"))
    volunteer_cap = forms.IntegerField(label=_("Volunteers at most"), min_value=1)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = visit_events(user)  # type: ignore[attr-defined]
        # The service checks that the group is of the chosen event's county.
        groups = groups_offered(user).order_by("path")
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    volunteer = ModelChoiceField(queryset=None, label=_("Volunteer"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=BLANK + [c for c in VisitRoleKind.choices if c[0] != VisitRoleKind.PARTICIPANT],
    )

    def __init__(self, *args: Any, volunteers: QuerySet[Volunteer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers  # type: ignore[attr-defined]
        for name in ("volunteer", "role"):
            self.fields[name].widget.attrs["class"] = "form-select"


TIME = {"type": "time"}


def _minute(moment: datetime) -> str:
    """Return the time as a time input takes it, to the minute ("09:05")."""
    return moment.strftime("%H:%M")


class ShiftCorrectForm(ServiceErrorsMixin, forms.Form):
    """A coordinator's correction of one volunteer's check-in and check-out: a day and a
    time each (a check-out after midnight is on the next day), and the reason."""

    in_on = forms.DateField(
        label=_("Checked in on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    in_time = forms.TimeField(
        label=_("Check-in time"), widget=forms.TimeInput(attrs=TIME, format="%H:%M")
    )
    out_on = forms.DateField(
        label=_("Checked out on"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        help_text=_("Leave the check-out empty if the volunteer is still there."),
    )
    out_time = forms.TimeField(
        label=_("Check-out time"),
        required=False,
        widget=forms.TimeInput(attrs=TIME, format="%H:%M"),
    )
    # Longer than the service keeps: the service refuses a long reason with its message.
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=1000,
        help_text=_("For example: forgot to check out; the bus came back at 01:30."),
    )

    @staticmethod
    def initial_of(shift: ServiceShift | None, event: Event) -> dict[str, Any]:
        start = timezone.localtime(shift.in_at if shift else event.starts_at)
        initial: dict[str, Any] = {"in_on": start.date(), "in_time": _minute(start)}
        if shift is not None and shift.out_at is not None:
            end = timezone.localtime(shift.out_at)
            initial.update(out_on=end.date(), out_time=_minute(end))
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        out_on, out_time = data.get("out_on"), data.get("out_time")
        if out_time is not None and out_on is None:
            data["out_on"] = data.get("in_on")
        elif out_on is not None and out_time is None:
            self.add_error("out_time", _("Give the time of the check-out, or leave both empty."))
        return data

    def times(self) -> tuple[datetime, datetime | None]:
        """Return the check-in and check-out as timezone-aware instants."""
        data = self.cleaned_data
        in_at = timezone.make_aware(datetime.combine(data["in_on"], data["in_time"]))
        if data.get("out_on") is None or data.get("out_time") is None:
            return in_at, None
        return in_at, timezone.make_aware(datetime.combine(data["out_on"], data["out_time"]))
