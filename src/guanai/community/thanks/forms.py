"""The forms of an acknowledgement list: make (or regenerate) it, edit it.

The edit form has one text box per group, one line per row: a clerk edits a name in
place, moves a row up or down to reorder, deletes a row to remove a line and types a new
row to add one. Blank rows are not lines.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from guanai.community.giving import donor_label
from guanai.community.models import Acknowledgement
from guanai.community.models.giving import Donation
from guanai.community.thanks import engine, selectors
from guanai.core.money import yuan

# The form fields take more than the service allows: the service refuses with its message.
TYPED_MAX = 100_000


class DonationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Donation) -> str:
        what = f"{obj.item} {obj.quantity} {obj.measure}" if obj.item else yuan(obj.amount)
        return f"{date_format(obj.on, 'SHORT_DATE_FORMAT')} · {donor_label(obj)} · {what}"


class MakeForm(forms.Form):
    show_amounts = forms.BooleanField(
        label=_("Show the amounts of cash donations"),
        required=False,
        help_text=_("Off by default: many givers would rather not see their amount read out."),
    )
    earlier = DonationChoices(
        queryset=Donation.objects.none(),
        label=_("Earlier donations to thank too"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, offered: QuerySet[Donation] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if offered is None or not offered.exists():
            del self.fields["earlier"]
        else:
            self.fields["earlier"].queryset = offered  # type: ignore[attr-defined]

    def earlier_ids(self) -> list[int]:
        return [d.pk for d in self.cleaned_data.get("earlier") or []]


def group_field(key: str) -> str:
    return f"group_{key}"


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=TYPED_MAX)
    closing = forms.CharField(label=_("Closing sentence"), required=False, max_length=TYPED_MAX)

    def __init__(self, *args: Any, acknowledgement: Acknowledgement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaign = acknowledgement.campaign_id is not None
        self.keys = selectors.group_keys(acknowledgement)
        texts: dict[str, list[str]] = {key: [] for key in self.keys}
        for line in selectors.lines_of(acknowledgement):
            texts.setdefault(line.group, []).append(line.text)
        for key in self.keys:
            self.fields[group_field(key)] = forms.CharField(
                label=engine.group_label(key, campaign=campaign),
                required=False,
                max_length=TYPED_MAX,
                widget=forms.Textarea(attrs={"rows": max(2, min(len(texts[key]) + 1, 12))}),
                initial="\n".join(texts[key]),
            )
        self.fields["title"].initial = acknowledgement.title
        self.fields["closing"].initial = acknowledgement.closing

    def group_fields(self) -> list[forms.BoundField]:
        return [self[group_field(key)] for key in self.keys]

    def lines(self) -> list[tuple[str, str]]:
        """Return the lines typed, group by group; blank rows are left out."""
        return [
            (key, row)
            for key in self.keys
            for row in (self.cleaned_data.get(group_field(key)) or "").splitlines()
            if row.strip()
        ]
