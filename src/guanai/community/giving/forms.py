"""The forms of giving's pages. They read the input; the services judge it, and their
refusals come back next to the field (``ServiceErrorsMixin``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.accounts.models import User
from guanai.community.giving.access import fund_units, funds_visible, giving_units
from guanai.community.giving.donations import Destined, DonationData
from guanai.community.giving.selectors import needs_list
from guanai.community.models import VolunteerVisit
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
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person

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
    """A donation to a unit, a need, a person or a fund; on a volunteer visit (``visit``),
    to the host unit or one of its needs only. A person is chosen before the form opens
    (``person``): without one, the form offers no person."""

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

    # The fields each destination and each kind uses: the page shows only those of the
    # choice made (``donation_form.js``); the service refuses goods given as cash.
    FOR_DESTINATION = {
        "need": ("need",),
        "unit": ("unit",),
        "fund": ("fund", "campaign"),
    }
    FOR_KIND = {"cash": ("amount",), "in_kind": ("item", "quantity", "measure", "value")}

    def __init__(
        self,
        *args: Any,
        user: User,
        person: Person | None = None,
        visit: VolunteerVisit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.visit = visit
        offered = [Destination.UNIT, Destination.NEED]
        if visit is not None:
            host = visit.event.org_unit
            units = OrgUnit.objects.filter(pk=host.pk)
            self.fields["need"].queryset = needs_list(user, unit=host)  # type: ignore[attr-defined]
            del self.fields["fund"], self.fields["campaign"]
        else:
            units = giving_units(user)
            self.fields["need"].queryset = needs_list(user).filter(org_unit__in=units)  # type: ignore[attr-defined]
            funds = funds_visible(user).filter(org_unit__in=units)
            self.fields["fund"].queryset = funds  # type: ignore[attr-defined]
            self.fields["campaign"].queryset = Campaign.objects.filter(  # type: ignore[attr-defined]
                fund__in=funds
            ).order_by("-on")
            offered += [Destination.FUND] if person is None else [Destination.PERSON]
        self.fields["unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]
        self.fields["destination"].choices = BLANK + [  # type: ignore[attr-defined]
            (d.value, d.label) for d in Destination if d in offered
        ]

    def parts(self) -> list[tuple[str, str, list[Any]]]:
        """Return the fields in groups: (``data-for-…`` attribute, its value, bound fields).

        The groups without an attribute always show; the others only for their choice.
        """
        chosen = (*self.FOR_DESTINATION.values(), *self.FOR_KIND.values())
        used = {n for names in chosen for n in names}
        first = ["destination"]
        groups: list[tuple[str, str, list[Any]]] = [("", "", [self[n] for n in first])]
        for value, names in self.FOR_DESTINATION.items():
            fields = [self[n] for n in names if n in self.fields]
            if fields:
                groups.append(("destination", value, fields))
        donor = ["donor_kind", "donor_name", "donor_phone", "kind"]
        groups.append(("", "", [self[n] for n in donor]))
        for value, names in self.FOR_KIND.items():
            groups.append(("kind", value, [self[n] for n in names]))
        rest = [n for n in self.fields if n not in used and n not in first and n not in donor]
        groups.append(("", "", [self[n] for n in rest]))
        return groups

    def destined(self) -> Destined:
        c = self.cleaned_data
        return Destined(
            org_unit=c["unit"],
            need=c["need"],
            person=self.person,
            fund=c.get("fund"),
            campaign=c.get("campaign"),
            visit=self.visit,
        )

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


class PersonGrantForm(ServiceErrorsMixin, forms.Form):
    """A grant to the person chosen before the form opened."""

    amount = MoneyField(label=_("Amount (yuan)"), required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, pinyin or initials"), max_length=100, required=False)


class FundForm(ServiceErrorsMixin, forms.Form):
    unit = ModelChoiceField(queryset=None, label=_("County or township"))
    name = forms.CharField(
        label=_("Name of the fund"),
        max_length=1000,
        required=False,
        help_text=_("Such as 泸定县慈善救助基金."),
    )
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DATE)
    charity_month = forms.CharField(
        label=_("Charity day: month"), max_length=20, required=False, initial=11, widget=COUNT
    )
    charity_day = forms.CharField(
        label=_("Charity day: day"),
        max_length=20,
        required=False,
        initial=19,
        widget=COUNT,
        help_text=_("11 and 19 for 19 November, the usual charity day."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = fund_units(user)  # type: ignore[attr-defined]


class CharityDayForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    charity_month = forms.CharField(
        label=_("Charity day: month"), max_length=20, required=False, widget=COUNT
    )
    charity_day = forms.CharField(
        label=_("Charity day: day"), max_length=20, required=False, widget=COUNT
    )


class CampaignForm(ServiceErrorsMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
