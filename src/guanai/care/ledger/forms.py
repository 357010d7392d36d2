"""Forms of the pocket-money pages: they only parse input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from guanai.accounts.models import User
from guanai.care.ledger.amounts import WHAT_LENGTH
from guanai.care.models import LedgerDirection
from guanai.core.forms import ModelChoiceField, ServiceErrorsMixin
from guanai.core.money import MoneyField

# What keepers write most often, offered as they type (a datalist; any text is allowed).
SUGGESTIONS = {
    LedgerDirection.DEPOSIT: (
        gettext_lazy("Sent by the father"),
        gettext_lazy("Sent by the mother"),
        gettext_lazy("Given by the grandparents"),
        gettext_lazy("Living allowance"),
    ),
    LedgerDirection.SPENDING: (
        gettext_lazy("Stationery"),
        gettext_lazy("Breakfast"),
        gettext_lazy("Bus fare"),
        gettext_lazy("Daily necessities"),
        gettext_lazy("Books"),
        gettext_lazy("Haircut"),
    ),
}


class KeeperChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _quota_field() -> MoneyField:
    # Negative amounts are read here and refused by the ledger's services in its own words.
    return MoneyField(
        label=gettext_lazy("Monthly quota (yuan)"),
        required=False,
        allow_negative=True,
        help_text=gettext_lazy(
            "How much the child may spend in a month; spending over it is recorded with a "
            "warning. Leave it blank for no quota."
        ),
    )


class AccountOpenForm(ServiceErrorsMixin, forms.Form):
    keeper = KeeperChoiceField(
        label=gettext_lazy("Kept by (surrogate parent)"), queryset=User.objects.none()
    )
    monthly_quota = _quota_field()
    opened_on = forms.DateField(label=gettext_lazy("Opened on"), widget=_date_widget())

    def __init__(self, *args: Any, keepers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keeper"].queryset = keepers  # type: ignore[attr-defined]


class AccountEditForm(ServiceErrorsMixin, forms.Form):
    keeper = KeeperChoiceField(
        label=gettext_lazy("Kept by (surrogate parent)"), queryset=User.objects.none()
    )
    monthly_quota = _quota_field()
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, keepers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keeper"].queryset = keepers  # type: ignore[attr-defined]


class EntryForm(ServiceErrorsMixin, forms.Form):
    amount = MoneyField(label=gettext_lazy("Amount (yuan)"), allow_negative=True)
    what = forms.CharField(max_length=WHAT_LENGTH)
    on = forms.DateField(label=gettext_lazy("Date"), widget=_date_widget())

    def __init__(self, *args: Any, direction: LedgerDirection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["what"].label = (
            gettext_lazy("What for")
            if direction == LedgerDirection.SPENDING
            else gettext_lazy("From whom")
        )


def quota_of(form: forms.Form) -> Decimal | None:
    """Return the quota read by ``form``, None when left blank."""
    quota: Decimal | None = form.cleaned_data["monthly_quota"]
    return quota
