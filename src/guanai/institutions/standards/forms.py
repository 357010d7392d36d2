"""The form of a local standard: its title and day, the numbers it raises, the working age."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanai.core.errors import DomainError
from guanai.core.forms import ModelChoiceField, ServiceErrorsMixin
from guanai.institutions.models import Standard
from guanai.institutions.standards.rules import (
    AGE_HIGH,
    AGE_LOW,
    DEFAULT_MAX_AGE,
    DEFAULT_MIN_AGE,
    TIGHTENABLE,
)
from guanai.institutions.standards.services import LocalStandardData
from guanai.orgs.models import OrgUnit


def number_field(n: int) -> str:
    return f"number_{n}"


class LocalStandardForm(ServiceErrorsMixin, forms.Form):
    unit = ModelChoiceField(OrgUnit.objects.none(), label=_("Issued by"))
    title = forms.CharField(label=_("Name of the standard"), max_length=500)
    valid_from = forms.DateField(
        label=_("In force from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    min_age = forms.IntegerField(
        label=_("Youngest age served"), min_value=AGE_LOW, max_value=AGE_HIGH
    )
    max_age = forms.IntegerField(
        label=_("Oldest age served"), min_value=AGE_LOW, max_value=AGE_HIGH
    )

    def __init__(self, *args: Any, units: list[OrgUnit], national: Standard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        )
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        base = {item.ref: item.params for item in national.items.all()}
        self.fields["valid_from"].initial = timezone.localdate()
        self.fields["min_age"].initial = DEFAULT_MIN_AGE
        self.fields["max_age"].initial = DEFAULT_MAX_AGE
        for n, spec in enumerate(TIGHTENABLE):
            value = base[spec.ref][spec.key]
            self.fields[number_field(n)] = forms.IntegerField(
                label=f"{spec.ref} · {spec.label}",
                initial=value,
                min_value=spec.low,
                max_value=spec.high,
                help_text=_("National standard: %(value)s") % {"value": value},
            )
        self.order_fields(["unit", "title", "valid_from"])

    def add_domain_error(self, exc: DomainError) -> None:
        """Put a refused number beside its field (the service names it "ref:key")."""
        for n, spec in enumerate(TIGHTENABLE):
            if exc.field == f"{spec.ref}:{spec.key}":
                self.add_error(number_field(n), str(exc.message))
                return
        super().add_domain_error(exc)

    def data_of(self) -> LocalStandardData:
        data = self.cleaned_data
        return LocalStandardData(
            title=data["title"],
            valid_from=data["valid_from"],
            numbers={
                f"{spec.ref}:{spec.key}": data[number_field(n)]
                for n, spec in enumerate(TIGHTENABLE)
            },
            min_age=data["min_age"],
            max_age=data["max_age"],
        )
