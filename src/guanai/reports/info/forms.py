"""Forms of the information report pages: a new report, and a correction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from guanai.core.forms import ServiceErrorsMixin
from guanai.core.text import column_limit
from guanai.orgs.models import OrgUnit
from guanai.reports.models import InfoKind, InfoReport


class InfoForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=InfoKind.choices)
    title = forms.CharField(
        label=gettext_lazy("Title"), max_length=column_limit(InfoReport, "title"), required=False
    )
    event_date = forms.DateField(
        label=gettext_lazy("Date of the event"),
        required=False,  # the service refuses a missing date with its own message
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    text = forms.CharField(
        label=gettext_lazy("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class SubmitForm(InfoForm):
    unit = forms.TypedChoiceField(label=gettext_lazy("Unit"), coerce=int, choices=())

    field_order = ["unit", "kind", "title", "event_date", "text"]

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = list(units.values_list("pk", "name"))  # type: ignore[attr-defined]
