"""The residents pages' forms: find a person, apply, record a leaving. Each hands the
service its data; the service checks the rules and its refusal is shown beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import BLANK, ServiceErrorsMixin
from guanai.institutions.models import ResidenceMode


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, pinyin, initials or ID number"), required=False, max_length=100
    )


class ApplyForm(ServiceErrorsMixin, forms.Form):
    mode = forms.ChoiceField(label=_("Mode of service"), choices=BLANK + ResidenceMode.choices)
    applied_on = _date(_("Applied on"))
    started_on = _date(
        _("Stay starts on"),
        required=False,
        help_text=_("When admitted; empty: the day of the application."),
    )


class LeaveForm(ServiceErrorsMixin, forms.Form):
    ended_on = _date(_("Left on"))
    reason = forms.CharField(label=_("Reason for leaving"), max_length=1000)
