"""Forms of the score sheet pages: a new sheet, and an item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.core.forms import ServiceErrorsMixin
from guanai.core.text import column_limit
from guanai.orgs.models import OrgUnit
from guanai.reports.assessment.scoring import rate_kpis
from guanai.reports.assessment.selectors import years_offered
from guanai.reports.models import AssessmentItem, AssessmentSheet, ItemKind


class SheetForm(ServiceErrorsMixin, forms.Form):
    unit = forms.TypedChoiceField(label=gettext_lazy("Unit"), coerce=int, choices=())
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, choices=())
    copy_from = forms.TypedChoiceField(
        label=gettext_lazy("Start from the items of"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
    )

    def __init__(
        self,
        *args: Any,
        units: list[OrgUnit],
        sources: list[AssessmentSheet],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]
        self.fields["year"].choices = [(y, y) for y in years_offered()]  # type: ignore[attr-defined]
        self.fields["copy_from"].choices = [  # type: ignore[attr-defined]
            ("", _("an empty sheet")),
            *[(s.pk, s.title) for s in sources],
        ]


class ItemForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Item"), max_length=column_limit(AssessmentItem, "name"), required=False
    )
    weight = forms.CharField(label=gettext_lazy("Points"), max_length=6, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Scored"), choices=ItemKind.choices)
    kpi = forms.ChoiceField(
        label=gettext_lazy("Indicator (for items from an indicator)"),
        required=False,
        choices=(),
    )
    criteria = forms.CharField(
        label=gettext_lazy("How it is scored"),
        max_length=column_limit(AssessmentItem, "criteria"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[(k.code, str(k.label)) for k in rate_kpis()],
        ]
