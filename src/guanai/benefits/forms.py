"""Forms of the benefits pages. They only parse input: the services decide and explain.

Amounts are read by ``core.money.MoneyField`` ("1,234.5", "¥80", "1000元"; refusing "1e6"
or "1_000" in the clerk's words), and again by the services; a standard, which is an
amount or a percentage, stays text for ``policies`` to read. Dates are read by the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from guanai.accounts.forms import OrgUnitChoiceField
from guanai.benefits import catalogue
from guanai.benefits.models import ClaimStatus, PolicyRate, RollLine, RollStatus
from guanai.core.forms import ModelChoiceField, ServiceErrorsMixin
from guanai.core.money import MAX_LENGTH, MoneyField, yuan
from guanai.core.text import column_limit
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _amount_field(label: Any, *, required: bool = False, **kwargs: Any) -> MoneyField:
    return MoneyField(label=label, required=required, **kwargs)


def _month_field(label: Any, *, required: bool = True) -> forms.CharField:
    # <input type="month"> sends 2026-03; typed by hand (old browsers) it is checked by
    # ``views_common.parse_month``.
    return forms.CharField(
        label=label,
        required=required,
        max_length=10,
        widget=forms.TextInput(attrs={"type": "month"}),
    )


class UnitFilterField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


# --- Policy standards ---------------------------------------------------------------------


class PolicyUnitForm(forms.Form):
    unit = OrgUnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class PolicyRateForm(ServiceErrorsMixin, forms.Form):
    item = forms.ChoiceField(label=_("Item"), choices=[(e.code, e.label) for e in catalogue.ITEMS])
    effective_from = _date_field(_("Effective from"))
    # Yuan or a percentage, by the item: text, read by ``policies`` with the money reader.
    amount = forms.CharField(
        label=_("Standard"),
        max_length=MAX_LENGTH,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Yuan (e.g. 650); for a ratio, the percentage (e.g. 75)."),
    )
    note = forms.CharField(
        label=_("Basis"),
        max_length=column_limit(PolicyRate, "note"),
        required=False,
        help_text=_("The document that sets it, e.g. 泸民发〔2026〕12号."),
    )


# --- A person's benefits --------------------------------------------------------------------


class EntitlementGrantForm(ServiceErrorsMixin, forms.Form):
    item = forms.ChoiceField(
        label=_("Item"),
        choices=[(code, catalogue.item(code).label) for code in catalogue.GRANTED_ITEMS],
    )
    quantity = forms.IntegerField(
        label=_("Persons paid"),
        min_value=1,
        max_value=10,
        initial=2,
        help_text=_("Usually the two parents."),
    )
    started_on = _date_field(_("From"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("E.g. the only child died in 2019, no other child (certificate no. …)."),
    )


class EntitlementEndForm(ServiceErrorsMixin, forms.Form):
    ended_on = _date_field(_("Until"))


class PaymentAccountForm(ServiceErrorsMixin, forms.Form):
    bank = forms.CharField(label=_("Bank"), max_length=60)
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    holder = forms.CharField(
        label=_("Account holder"),
        max_length=50,
        help_text=_("A child's benefits are paid to the guardian's account."),
    )


# --- Payment rolls ------------------------------------------------------------------------


class RollFilterForm(forms.Form):
    unit = UnitFilterField(
        label=_("Unit"), required=False, queryset=OrgUnit.objects.none(), empty_label=_("All units")
    )
    month = _month_field(_("Month"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *RollStatus.choices]
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class RollGenerateForm(ServiceErrorsMixin, forms.Form):
    unit = OrgUnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    month = _month_field(_("Month"))

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class VersionForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RollReturnForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("What to correct"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AdjustmentLineChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        month = date_format(obj.roll.month, "YEAR_MONTH_FORMAT")
        return f"{month} · {obj.get_item_display()} · {yuan(obj.amount)}"


class AdjustmentForm(ServiceErrorsMixin, forms.Form):
    item = forms.ChoiceField(
        label=_("Item"), choices=[(e.code, e.label) for e in catalogue.MONTHLY_ITEMS]
    )
    amount = _amount_field(
        _("Amount (yuan)"),
        required=True,
        allow_negative=True,
        help_text=_("Negative to take back an overpayment, e.g. -600."),
    )
    adjusts = AdjustmentLineChoiceField(
        label=_("Corrects the line"),
        required=False,
        queryset=RollLine.objects.none(),
        empty_label=_("No particular line"),
    )
    note = forms.CharField(
        label=_("Why"),
        max_length=200,
        help_text=_("E.g. not paid in March: certificate arrived late."),
    )

    def __init__(self, *args: Any, lines: QuerySet[RollLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adjusts"].queryset = lines  # type: ignore[attr-defined]


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, pinyin, initials or ID number"), required=False)


# --- Medical claims -----------------------------------------------------------------------


class ClaimFilterForm(forms.Form):
    unit = UnitFilterField(
        label=_("Unit"), required=False, queryset=OrgUnit.objects.none(), empty_label=_("All units")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ClaimStatus.choices]
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


# The fields of a claim in the order a hospital bill reads.
CLAIM_FIELDS = (
    "hospital",
    "disease",
    "admitted",
    "discharged",
    "total_cost",
    "insurance_paid",
    "ineligible_cost",
    "leukemia",
    "surgery",
    "second_round",
    "rehabilitation",
    "temporary_request",
)


class ClaimForm(ServiceErrorsMixin, forms.Form):
    hospital = forms.CharField(label=_("Hospital"), max_length=100)
    disease = forms.CharField(label=_("Disease"), max_length=100, required=False)
    admitted = _date_field(_("Admitted"))
    discharged = _date_field(_("Discharged"))
    total_cost = _amount_field(_("Total cost"), required=True)
    insurance_paid = _amount_field(_("Paid by insurance"))
    ineligible_cost = _amount_field(
        _("Ineligible items"), help_text=_("Costs outside the medical-assistance list.")
    )
    leukemia = forms.BooleanField(label=_("Leukaemia"), required=False)
    surgery = forms.BooleanField(label=_("Treated with surgery"), required=False)
    second_round = forms.BooleanField(
        label=_("Second round: the patient is still in great difficulty"), required=False
    )
    rehabilitation = forms.BooleanField(
        label=_("Rehabilitation treatment of an orphaned or disabled child (明天计划, 重生行动 …)"),
        required=False,
        help_text=_("Relieved in full for orphans and disabled persons under 18."),
    )
    temporary_request = _amount_field(
        _("Temporary living assistance asked"),
        help_text=_("After the illness, within the yearly cap."),
    )

    def claim_data(self) -> dict[str, object]:
        """Return the cleaned values under the names the claim services read."""
        return {name: self.cleaned_data.get(name) for name in CLAIM_FIELDS}


class CalculatorForm(ClaimForm):
    """A claim to try: for a chosen person, or for groups and amounts typed in."""

    categories = forms.MultipleChoiceField(
        label=_("Poor groups"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (c, Category(c).label)
            for c in dict.fromkeys((*catalogue.POOR_GROUPS, *catalogue.CHILD_REHABILITATION_GROUPS))
        ],
    )
    child = forms.BooleanField(label=_("Under 18 on admission"), required=False)
    year_assistance_so_far = _amount_field(_("Medical assistance so far this year"))
    year_second_so_far = _amount_field(_("Second-round assistance so far this year"))
    year_lump_sum_so_far = _amount_field(_("Leukaemia lump sum so far this year"))
    year_temporary_so_far = _amount_field(_("Temporary assistance so far this year"))

    field_order = ["categories", "child", *CLAIM_FIELDS]
    SO_FAR = (
        "year_assistance_so_far",
        "year_second_so_far",
        "year_lump_sum_so_far",
        "year_temporary_so_far",
    )

    def __init__(self, *args: Any, with_person: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Trying a claim needs no hospital name; saving one does.
        self.fields["hospital"].required = False
        if with_person:
            # The person's groups, age and year so far come from the records.
            for name in ("categories", "child", *self.SO_FAR):
                del self.fields[name]

    def claim_data(self) -> dict[str, object]:
        data = super().claim_data()
        for name in ("categories", "child", *self.SO_FAR):
            if name in self.fields:
                data[name] = self.cleaned_data.get(name)
        return data


class ClaimCancelForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)
