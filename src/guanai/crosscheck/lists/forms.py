"""The upload form: what the clerk says about a list, and the file.

The form reads what was typed; ``lists.services.list_upload`` checks it (the kind, the
issuer, the purpose, the list's date, the file and every row) and its refusal is shown
beside the field it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import BLANK, ServiceErrorsMixin
from guanai.core.text import column_limit
from guanai.crosscheck.models import CheckList, ListKind
from guanai.orgs.models import OrgUnit
from guanai.registry.forms import UnitChoiceField


class UploadForm(ServiceErrorsMixin, forms.Form):
    org_unit = UnitChoiceField(label=_("Compare for"), queryset=OrgUnit.objects.none())
    # The texts are not required here: the service says what is missing in its own words.
    kind = forms.ChoiceField(
        label=_("Kind of list"), required=False, choices=BLANK + ListKind.choices
    )
    source = forms.CharField(
        label=_("Issuing agency"),
        required=False,
        max_length=column_limit(CheckList, "source"),
        help_text=_("The agency that gave the list, e.g. 县公安局, 县残联, 县教育局."),
    )
    purpose = forms.CharField(
        label=_("Purpose of the comparison"),
        required=False,
        max_length=column_limit(CheckList, "purpose"),
        help_text=_("Why it is compared; recorded in the audit log."),
    )
    as_of = forms.DateField(
        label=_("List date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the agency's list was drawn up."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("xlsx, xls or csv (UTF-8 or GBK), at most 20 MB; headers in the first row."),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        # A clerk of one unit compares for it; a list is mostly compared the day it came.
        if len(units) == 1:
            self.fields["org_unit"].initial = units[0].pk
        self.fields["as_of"].initial = timezone.localdate()
