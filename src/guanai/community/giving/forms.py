"""The forms of giving's pages. They read the input; the services judge it, and their
refusals come back next to the field (``ServiceErrorsMixin``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.accounts.models import User
from guanai.community.giving.access import funds_visible, giving_units
from guanai.community.giving.donations import DonationData
from guanai.community.giving.selectors import needs_list
from guanai.community.models.giving import (
    Campaign,
    Destination,
    DonationKind,
    DonorKind,
    Need,
    Urgency,
)
from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.core.money import MoneyField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COUNT = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})


def _need_label(need: Need) -> str:
    return f"{need.org_unit.name} · {need.item} {need.quantity} {need.measure}"


class NeedChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _need_label(obj)


class NeedForm(ServiceErrorsMixin, forms.Form):
    unit = ModelChoiceField(queryset=None, label=_("Unit"))
    item = forms.CharField(label=_("Item"), max_length=1000, required=False)
    quantity = forms.CharField(label=_("Quantity"), max_length=20, required=False, widget=COUNT)
    measure = forms.CharField(
        label=_("Unit of measure"),
        max_length=100,
        required=False,
        help_text=_("台, 套, 张, 元 …"),
    )
    estimated_value = MoneyField(label=_("Estimated value (yuan)"), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.SOON)
    why = forms.CharField(
        label=_("Why"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Volunteer groups read it on the needs board: write no person's name, ID or "
            "phone number here."
        ),
    )
    posted_on = forms.DateField(label=_("Posted on"), required=False, widget=DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = giving_units(user).order_by("path")  # type: ignore[attr-defined]


class DonationForm(ServiceErrorsMixin, forms.Form):
    destination = forms.ChoiceField(label=_("For"), choices=BLANK + list(Destination.choices))
    need = NeedChoiceField(queryset=None, label=_("Need"), required=False)
    unit = ModelChoiceField(queryset=None, label=_("Unit"), required=False)
    fund = ModelChoiceField(queryset=None, label=_("Charity fund"), required=False)
    campaign = ModelChoiceField(
        queryset=None,
        label=_("Campaign"),
        required=False,
        help_text=_("The charity day or another appeal the money was given to."),
    )
    donor_kind = forms.ChoiceField(label=_("Donor"), choices=BLANK + list(DonorKind.choices))
    donor_name = forms.CharField(
        label=_("Donor's name"),
        max_length=1000,
        required=False,
        help_text=_("An anonymous donor is thanked as 爱心人士."),
    )
    donor_phone = forms.CharField(
        label=_("Donor's phone"),
        max_length=100,
        required=False,
        help_text=_("Kept encrypted; for thanking the donor."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Cash or in kind"), choices=BLANK + list(DonationKind.choices))
    amount = MoneyField(label=_("Amount (yuan)"), required=False)
    item = forms.CharField(label=_("Item"), max_length=1000, required=False)
    quantity = forms.CharField(label=_("Quantity"), max_length=20, required=False, widget=COUNT)
    measure = forms.CharField(label=_("Unit of measure"), max_length=100, required=False)
    value = MoneyField(label=_("Value (yuan)"), required=False)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=1000, required=False)
    acknowledged_on = forms.DateField(
        label=_("Acknowledgement sent on"), required=False, widget=DATE
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = giving_units(user)
        self.fields["need"].queryset = needs_list(user).filter(org_unit__in=units)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]
        funds = funds_visible(user).filter(org_unit__in=units)
        self.fields["fund"].queryset = funds  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = Campaign.objects.filter(fund__in=funds).order_by("-on")  # type: ignore[attr-defined]

    def to_data(self) -> DonationData:
        c = self.cleaned_data
        return DonationData(
            donor_kind=c["donor_kind"],
            kind=c["kind"],
            destination=c["destination"],
            donor_name=c["donor_name"],
            donor_phone=c["donor_phone"],
            amount=c["amount"],
            item=c["item"],
            quantity=c["quantity"] or None,
            measure=c["measure"],
            value=c["value"],
            on=c["on"],
            receipt_number=c["receipt_number"],
            acknowledged_on=c["acknowledged_on"],
        )


class MatchForm(ServiceErrorsMixin, forms.Form):
    need = NeedChoiceField(queryset=None, label=_("Need"))
    quantity = forms.CharField(label=_("Quantity"), max_length=20, widget=COUNT)

    def __init__(self, *args: Any, needs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs  # type: ignore[attr-defined]


class GrantForm(ServiceErrorsMixin, forms.Form):
    unit = ModelChoiceField(queryset=None, label=_("To the unit"))
    amount = MoneyField(label=_("Amount (yuan)"), required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class DecisionForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)
