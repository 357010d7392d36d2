"""The forms of the services pages: a session, a placement, a follow-up, the end of a
placement. Each hands a service its data; the service checks the rules and its refusal is
shown beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.institutions.delivery.services import COACH_ROLES, FOLLOW_UP_NOTE_MAX
from guanai.institutions.models import Institution, ServiceType, Staff
from guanai.institutions.models.services import MAX_MINUTES

DATE = {"type": "date"}


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def _staff(institution: Institution, roles: tuple[str, ...] = ()) -> Any:
    staff = Staff.objects.filter(institution=institution, is_active=True)
    if roles:
        staff = staff.filter(role__in=roles)
    return staff.order_by("name_sort", "pk")


class StaffChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.get_role_display()}）"


class ServiceLogForm(ServiceErrorsMixin, forms.Form):
    on = _date(_("Date"))
    type = forms.ChoiceField(label=_("Service"), choices=BLANK + ServiceType.choices)
    minutes = forms.IntegerField(
        label=pgettext_lazy("service", "Minutes"),
        min_value=1,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    staff = StaffChoiceField(Staff.objects.none(), label=_("Given by"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=10_000)

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = _staff(institution)  # type: ignore[attr-defined]


class PlacementForm(ServiceErrorsMixin, forms.Form):
    employer = forms.CharField(label=_("Employer"), max_length=10_000)
    job = forms.CharField(label=_("Job"), max_length=10_000)
    started_on = _date(_("Started on"))
    coach = StaffChoiceField(
        Staff.objects.none(),
        label=_("Employment coach"),
        required=False,
        help_text=_("An employment-service instructor or a social worker of the institution."),
    )
    follow_up_days = forms.IntegerField(
        label=_("Follow up every (days)"), min_value=1, max_value=366, initial=30
    )

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = _staff(institution, COACH_ROLES)  # type: ignore[attr-defined]


class FollowUpForm(ServiceErrorsMixin, forms.Form):
    on = _date(_("Date"))
    note = forms.CharField(
        label=_("What was found"),
        max_length=FOLLOW_UP_NOTE_MAX * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    staff = StaffChoiceField(Staff.objects.none(), label=_("Followed up by"), required=False)

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = _staff(institution)  # type: ignore[attr-defined]


class PlacementEndForm(ServiceErrorsMixin, forms.Form):
    ended_on = _date(_("Ended on"))
    reason = forms.CharField(label=_("Reason it ended"), max_length=10_000)
