"""Forms of the KPI target pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import ServiceErrorsMixin


class TargetForm(ServiceErrorsMixin, forms.Form):
    """A KPI's target for a unit's subtree; the service checks the indicator and number."""

    kpi = forms.CharField(label=_("Indicator"), max_length=40)
    target = forms.CharField(
        label=_("Target (%)"),
        max_length=10,
        required=False,  # the service refuses a blank target with its own message
    )


class SurveyCountForm(ServiceErrorsMixin, forms.Form):
    """The count a unit's survey (摸底排查) found in a year."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    count = forms.CharField(
        label=_("Persons found by the survey"),
        max_length=12,
        required=False,  # the service refuses a blank count with its own message
        help_text=_("Every special group the survey found: the registration rate's denominator."),
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
