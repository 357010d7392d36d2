"""The holiday page's forms: one day, and a year's lines pasted."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import BLANK, ServiceErrorsMixin
from guanai.reports.models import HolidayKind


class HolidayDayForm(ServiceErrorsMixin, forms.Form):
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[*BLANK, *HolidayKind.choices])
    # The service checks the length against the column and says the limit.
    name = forms.CharField(
        label=_("Holiday"),
        required=False,
        strip=True,
        help_text=_("As you write it, e.g. 春节; needed for a rest day."),
    )


class HolidayPasteForm(ServiceErrorsMixin, forms.Form):
    # Longer text is refused by the parser with the limit named, not cut by the form.
    text = forms.CharField(label=_("Pasted lines"), widget=forms.Textarea, strip=False)
