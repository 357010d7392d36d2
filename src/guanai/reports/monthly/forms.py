"""Forms of the monthly report pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import ServiceErrorsMixin
from guanai.core.text import column_limit
from guanai.reports.models import FigureChange, MonthlyReport
from guanai.reports.monthly.catalogue import FIGURE_LABELS, NARRATIVE_LENGTH


class FigureChangeForm(ServiceErrorsMixin, forms.Form):
    figure = forms.ChoiceField(label=_("Figure"), choices=())
    value = forms.CharField(label=_("Reported figure"), max_length=20)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=column_limit(FigureChange, "reason"),
        required=False,  # the service refuses a blank reason with its own message
        help_text=_("Why the figure differs from the data; it stays on the report."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = [(k, str(v)) for k, v in FIGURE_LABELS.items()]  # type: ignore[attr-defined]


class NarrativeForm(ServiceErrorsMixin, forms.Form):
    narrative = forms.CharField(
        label=_("Work done and highlights"),
        required=False,
        max_length=NARRATIVE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReturnForm(ServiceErrorsMixin, forms.Form):
    comment = forms.CharField(
        label=_("What needs correcting"),
        max_length=column_limit(MonthlyReport, "return_comment"),
        required=False,
    )


class DeadlineForm(ServiceErrorsMixin, forms.Form):
    day = forms.IntegerField(
        label=_("Deadline day of the following month"),
        min_value=1,
        max_value=28,
        help_text=_("For the reports of the units below this one (default: the 15th)."),
    )
