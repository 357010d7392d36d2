"""The request pages' forms: the list's filters, a new request, and one form per step.

Each form only reads what was typed; the services (``applications.services``,
``applications.projects``) check the rules, and their refusal is shown beside the field
it names (the field names here are the ones the services name).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.inkind.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    FollowUp,
    Service,
    Stage,
    StageRecord,
    UseStatus,
)
from guanai.orgs.models import OrgUnit
from guanai.registry.forms import UnitChoiceField


def _day(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _text(model: Any, name: str, label: Any, **extra: Any) -> forms.CharField:
    """A text field as long as the model's column (a textarea where the column is text).

    Never required here: where the text is needed, the service says so in its own words.
    """
    column = model._meta.get_field(name)
    if isinstance(column, models.TextField):
        extra.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    return forms.CharField(label=label, max_length=column.max_length, required=False, **extra)


class ServiceChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ApplicationFilterForm(forms.Form):
    """The list's filters (GET): each empty value filters nothing."""

    name = forms.CharField(label=_("Name or initials"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("open", _("Open requests")), *ApplicationStatus.choices],
    )
    service = ServiceChoiceField(
        label=_("Service"),
        required=False,
        queryset=Service.objects.none(),
        to_field_name="code",
        empty_label=_("All services"),
    )
    unit = UnitChoiceField(
        label=_("Unit"), required=False, queryset=OrgUnit.objects.none(), empty_label=_("All units")
    )

    def __init__(
        self, *args: Any, services: QuerySet[Service], units: QuerySet[OrgUnit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ApplicationForm(ServiceErrorsMixin, forms.Form):
    service = ServiceChoiceField(
        label=_("Service"), queryset=Service.objects.none(), to_field_name="code"
    )
    source = forms.ChoiceField(
        label=_("Who asked"), choices=BLANK + ApplicationSource.choices, required=False
    )
    reason = _text(
        Application,
        "reason",
        _("Why it is needed"),
        help_text=_("What the person or the family said, or what the survey found."),
    )
    requested_on = _day(_("Asked on"))

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class AssessForm(ServiceErrorsMixin, forms.Form):
    assessment = _text(
        Application,
        "assessment",
        _("What the assessment found"),
        help_text=_("What exactly suits the person: a size, a model, a plan."),
    )
    assessed_on = _day(_("Assessed on"))


class DecideForm(ServiceErrorsMixin, forms.Form):
    decision_note = _text(
        Application,
        "decision_note",
        _("Note"),
        help_text=_("A refusal says why; the person is told."),
    )
    decided_on = _day(_("Decided on"))


class DeliverForm(ServiceErrorsMixin, forms.Form):
    delivered_on = _day(_("Delivered on"))
    supplier = _text(Application, "supplier", _("Supplier"))
    cost = forms.CharField(
        label=_("Cost (yuan)"),
        required=False,
        max_length=20,
        help_text=_("For example 1280.00; leave empty when it cost nothing."),
    )
    serial_number = _text(Application, "serial_number", _("Serial number"))
    delivery_note = _text(Application, "delivery_note", _("Note"))

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if service.needs_serial:
            self.fields["serial_number"].help_text = _("Required for a device.")
        else:
            del self.fields["serial_number"]


class CancelForm(ServiceErrorsMixin, forms.Form):
    cancel_reason = _text(
        Application,
        "cancel_reason",
        _("Why is the request cancelled?"),
        help_text=_("For example 本人撤回申请, 已迁出, 已去世."),
    )


class FollowUpForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Is it in use?"), choices=BLANK + UseStatus.choices, required=False
    )
    reason = _text(
        FollowUp,
        "reason",
        pgettext_lazy("follow-up", "Why"),
        help_text=_("Needed when it needs repair or is not used."),
    )
    visited_on = _day(_("Visited on"))


class StageForm(ServiceErrorsMixin, forms.Form):
    """The next stage of a project; the photos come with it (``request.FILES``)."""

    stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    done_on = _day(_("Done on"))
    note = _text(StageRecord, "note", _("Note"))
    amount = forms.CharField(
        label=_("Amount (yuan)"),
        required=False,
        max_length=20,
        help_text=_("For example 35000.00."),
    )

    def __init__(self, *args: Any, stage: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["stage"] = stage
        super().__init__(*args, **kwargs)
        if stage != Stage.FUNDING:
            del self.fields["amount"]
