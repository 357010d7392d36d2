"""The coverage pages' forms: the not-served list's filters, a target. Each hands the service
the data; the service checks the rules and its refusal is shown beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.governance.models import Target
from guanai.inkind.coverage.services import TargetData
from guanai.inkind.models import Measure, Service, ServiceTarget
from guanai.orgs.models import OrgUnit


class NotServedFilterForm(forms.Form):
    """The list's filters (GET): the unit and the service (empty: the summary only)."""

    unit = ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    service = forms.ChoiceField(label=_("Service"), choices=[], required=False)

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit], services: list[Service], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["service"].choices = [  # type: ignore[attr-defined]
            ("", _("Every service: the summary")),
            *((s.code, s.name) for s in services),
        ]


class TargetForm(ServiceErrorsMixin, forms.Form):
    unit = ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    service = ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    title = forms.CharField(
        label=pgettext_lazy("target", "Title"),
        max_length=Target._meta.get_field("title").max_length,
        help_text=_("For example 三年内消除散居五保户危房."),
    )
    start_year = forms.IntegerField(label=_("From year"), min_value=0, max_value=9999)
    end_year = forms.IntegerField(label=_("To year"), min_value=0, max_value=9999)
    measure = forms.ChoiceField(label=_("Measure"), choices=BLANK + Measure.choices)
    goal = forms.IntegerField(
        label=_("Persons to serve"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("Only for a number of persons served."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
    # The version the form was opened at (editing only; ``core.forms.posted_version``).
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[OrgUnit] | None,
        services: QuerySet[Service],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the unit stays the target's
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]
            del self.fields["version"]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]

    def data_of(self) -> TargetData:
        data = self.cleaned_data
        return TargetData(
            service=data["service"],
            title=data["title"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            measure=data["measure"],
            goal=data.get("goal"),
            note=data.get("note") or "",
        )

    @staticmethod
    def initial_of(target: ServiceTarget) -> dict[str, Any]:
        return {
            "service": target.service_id,
            "title": target.title,
            "start_year": target.start_year,
            "end_year": target.end_year,
            "measure": target.measure,
            "goal": target.goal,
            "note": target.note,
            "version": target.version,
        }
