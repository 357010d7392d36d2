"""The event form: a date and optional times, as a teacher writes an event down."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanai.accounts.models import User
from guanai.activities.events.access import event_units, helpers_offered
from guanai.activities.events.series import Recurrence
from guanai.activities.events.services import EventData
from guanai.activities.models.events import Event, EventKind, EventStatus, Repeat
from guanai.activities.models.plans import PlanItem
from guanai.activities.plans.calendar import first_school_day
from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.registry.models import Category

DATE = {"type": "date"}


class EventForm(ServiceErrorsMixin, forms.Form):
    unit = ModelChoiceField(queryset=None, label=_("Held by"))
    title = forms.CharField(label=_("Title"), max_length=1000)
    kind = forms.ChoiceField(label=_("Kind"), choices=BLANK + list(EventKind.choices))
    starts_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    ends_on = forms.DateField(
        label=_("Last day"),
        required=False,
        help_text=_("Leave empty for an event of one day."),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    end_time = forms.TimeField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=1000)
    capacity = forms.IntegerField(
        label=_("Places"), required=False, help_text=_("Leave empty for no limit.")
    )
    target_categories = forms.MultipleChoiceField(
        label=_("For categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_classes = forms.CharField(
        label=_("For classes"),
        required=False,
        max_length=2000,
        help_text=_("Grade and class as on the roster, separated by commas: 三年级2班, 四年级1班."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=EventStatus.choices)
    helpers: forms.ModelMultipleChoiceField[User] = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Helpers who serve it"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)
    # Asked when the event is made (``series``); each occurrence is then edited on its own.
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        choices=[("", _("Does not repeat")), *Repeat.choices],
        required=False,
        help_text=_(
            "Every month: on the same day of the month; a month without that day holds it "
            "on its last day (the 31st falls on the 30th)."
        ),
    )
    until = forms.DateField(
        label=_("Repeat until"),
        required=False,
        help_text=_("At most 12 months and 52 occurrences."),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    # The shared form shows no help beside a checkbox: the label says it all.
    per_class = forms.BooleanField(
        label=_("One event for each class named above, with its own list and attendance"),
        required=False,
    )
    plan_item = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = event_units(user)  # type: ignore[attr-defined]
        self.fields["helpers"].queryset = helpers_offered(user)  # type: ignore[attr-defined]
        if event is not None:
            for name in ("unit", "repeat", "until", "per_class", "plan_item"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("repeat") and not data.get("until"):
            self.add_error("until", _("Give the last day on which the event repeats."))
        return data

    @staticmethod
    def initial_from_item(item: PlanItem) -> dict[str, Any]:
        """Return the form's values for an event made from a plan's item: its words, its
        kind, its day (or the first working day of its month) and the plan's unit."""
        return {
            "unit": item.plan.org_unit_id,
            "title": item.title,
            "kind": item.kind,
            "starts_on": item.on or first_school_day(item.month),
            "notes": item.description,
            "plan_item": item.pk,
        }

    def to_recurrence(self) -> Recurrence | None:
        data = self.cleaned_data
        if not data.get("repeat"):
            return None
        return Recurrence(
            repeat=data["repeat"], until=data["until"], per_class=bool(data["per_class"])
        )

    @staticmethod
    def initial_of(event: Event) -> dict[str, Any]:
        start = timezone.localtime(event.starts_at)
        end = timezone.localtime(event.ends_at)
        return {
            "title": event.title,
            "kind": event.kind,
            "starts_on": start.date(),
            "start_time": start.time() if start.time() != time.min else None,
            "ends_on": end.date() if end.date() != start.date() else None,
            "end_time": end.time() if end.time() != time.max.replace(microsecond=0) else None,
            "place": event.place,
            "capacity": event.capacity,
            "target_categories": event.target_categories,
            "target_classes": ", ".join(event.target_classes),
            "status": event.status,
            "helpers": list(event.helpers.all()),
            "notes": event.notes,
        }

    def to_data(self) -> EventData:
        data = self.cleaned_data
        ends_on = data["ends_on"] or data["starts_on"]
        # A missing time is the whole day: from its start, to its last second.
        start = datetime.combine(data["starts_on"], data["start_time"] or time.min)
        end = datetime.combine(ends_on, data["end_time"] or time.max.replace(microsecond=0))
        classes = data["target_classes"].replace("，", ",").replace("、", ",").split(",")
        return EventData(
            title=data["title"],
            kind=data["kind"],
            starts_at=timezone.make_aware(start),
            ends_at=timezone.make_aware(end),
            place=data["place"],
            target_categories=data["target_categories"],
            target_classes=[c for c in classes if c.strip()],
            capacity=data["capacity"],
            status=data["status"],
            notes=data["notes"],
            helpers=list(data["helpers"]),
        )

    def add_domain_error(self, exc: Any) -> None:
        # The service names the stored field; the form asks for it as a day.
        if exc.field == "ends_at":
            exc.field = "ends_on"
        elif exc.field == "plan_item":
            exc.field = None
        super().add_domain_error(exc)
