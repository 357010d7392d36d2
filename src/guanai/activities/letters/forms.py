"""The form that opens a round: the occasion chosen from the coming twelve months fills in
the title and dates, which the teacher may change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts.models import User
from guanai.activities.letters.access import round_units
from guanai.activities.letters.festivals import Occasion, occasions
from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.registry.models import Category

DATE = {"type": "date"}
AHEAD = dt.timedelta(days=365)
# A round opens two weeks before its occasion and closes a week after it.
OPENS_BEFORE = dt.timedelta(weeks=2)
CLOSES_AFTER = dt.timedelta(weeks=1)


def occasion_label(occasion: Occasion) -> str:
    """Return "中秋节 · 2027年9月15日", a span with its last day, an estimate said so."""
    if occasion.source == "school":
        label = _("%(name)s · %(first)s–%(last)s (estimate)") % {
            "name": occasion.name,
            "first": date_format(occasion.starts_on, "DATE_FORMAT"),
            "last": date_format(occasion.ends_on, "MONTH_DAY_FORMAT"),
        }
        return label
    return f"{occasion.name} · {date_format(occasion.on, 'DATE_FORMAT')}"


def coming_occasions(today: dt.date) -> list[Occasion]:
    """Return the occasions of the next twelve months that have not ended yet."""
    return occasions(today, today + AHEAD)


def prefilled(occasion: Occasion, today: dt.date) -> dict[str, Any]:
    """Return the title and dates a round for ``occasion`` starts with."""
    return {
        "occasion": occasion.key,
        "title": _("%(year)s %(occasion)s letters home")
        % {"year": occasion.on.year, "occasion": occasion.name},
        "opens_on": max(today, occasion.starts_on - OPENS_BEFORE),
        "closes_on": max(today, occasion.ends_on + CLOSES_AFTER),
    }


class OccasionForm(forms.Form):
    """The first step: which occasion (read with GET, it only fills in the next form)."""

    occasion = forms.ChoiceField(label=gettext_lazy("Occasion"))

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(o.key, occasion_label(o)) for o in coming_occasions(today)]
        self.fields["occasion"].choices = BLANK + choices  # type: ignore[attr-defined]


class RoundForm(ServiceErrorsMixin, forms.Form):
    occasion = forms.CharField(widget=forms.HiddenInput, max_length=40)
    unit = ModelChoiceField(queryset=None, label=gettext_lazy("Unit"))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=1000)
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Closes on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    target_categories = forms.MultipleChoiceField(
        label=gettext_lazy("Children of the categories"),
        choices=Category.choices,
        initial=[Category.LEFT_BEHIND],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = round_units(user).order_by("path")
        field: forms.ModelChoiceField = self.fields["unit"]  # type: ignore[assignment]
        field.queryset = units
        if len(units) == 1:
            field.initial = units[0].pk
