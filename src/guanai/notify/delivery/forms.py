"""The delivery log's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.notify.delivery.selectors import DeliveryFilter
from guanai.notify.models import Channel, DeliveryStatus


class DeliveryFilterForm(forms.Form):
    """Each empty value filters nothing; a wrong one is said and filters nothing either."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("Any channel")), *Channel.choices[1:]],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *DeliveryStatus.choices]
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-12-07.")},
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-12-07.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def found(self) -> DeliveryFilter:
        """The filter of the fields that are right (after ``is_valid``); the dates only if
        both are right, so that a wrong one never leaves a half range."""
        data = getattr(self, "cleaned_data", {})
        dates_ok = "since" not in self.errors and "until" not in self.errors
        return DeliveryFilter(
            channel=data.get("channel") or "",
            status=data.get("status") or "",
            since=data.get("since") if dates_ok else None,
            until=data.get("until") if dates_ok else None,
        )
