"""The findings pages' forms: the list's filters and the resolve form.

The forms only read what was typed; ``findings.services.finding_resolve`` checks the rules
(a note is needed, the finding still open, nobody changed it meanwhile) and its refusal is
shown beside the field it names (``status``, ``resolution``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import BLANK, ServiceErrorsMixin
from guanai.core.text import column_limit
from guanai.crosscheck.findings.selectors import ANY_STATUS, FindingFilter
from guanai.crosscheck.models import Finding, FindingKind, FindingStatus, ListKind
from guanai.orgs.models import OrgUnit
from guanai.registry.forms import UnitChoiceField

URGENT_ONLY = "1"


class FindingFilterForm(forms.Form):
    """The list's filters (GET): the open findings when no status is asked."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[*FindingStatus.choices, (ANY_STATUS, _("Any status"))],
    )
    kind = forms.ChoiceField(
        label=_("Finding"), required=False, choices=[("", _("All findings")), *FindingKind.choices]
    )
    list_kind = forms.ChoiceField(
        label=_("Kind of list"),
        required=False,
        choices=[("", _("All kinds of list")), *ListKind.choices],
    )
    unit = UnitChoiceField(
        label=_("Unit"), required=False, queryset=OrgUnit.objects.none(), empty_label=_("All units")
    )
    urgent = forms.ChoiceField(
        label=_("Urgency"),
        required=False,
        choices=[("", _("Urgent and not urgent")), (URGENT_ONLY, _("Urgent only"))],
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def chosen(self, *, check_list: int | None = None) -> FindingFilter:
        """Return the filter asked (a wrong value filters nothing; no status: open)."""
        data = self.cleaned_data if self.is_valid() else {}
        return FindingFilter(
            status=data.get("status") or FindingStatus.OPEN,
            kind=data.get("kind") or "",
            list_kind=data.get("list_kind") or "",
            unit=data.get("unit"),
            urgent_only=data.get("urgent") == URGENT_ONLY,
            check_list=check_list,
        )


class ResolveForm(ServiceErrorsMixin, forms.Form):
    """Close a finding by hand: fixed (saying how) or not an error (saying why)."""

    # Neither field is required here: the service refuses a missing outcome or an empty
    # note in its own words.
    status = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[
            *BLANK,
            (FindingStatus.FIXED, _("Fixed: the file or the roll was corrected")),
            (FindingStatus.NOT_ERROR, _("Not an error: the list is wrong or out of date")),
        ],
    )
    resolution = forms.CharField(
        label=_("How it was fixed, or why it is not an error"),
        required=False,
        max_length=column_limit(Finding, "resolution"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example 已核实户籍，系同名 or 已于3月停发并追回."),
    )
