"""The purpose of a reveal, print or export of personal data, asked before it happens.

Full ID and phone numbers, contact cards and roster exports leave the system only by a
POST that states why (PIPL art. 6 and 17: processing for a stated purpose), so that a
crawler or a link from another site cannot cause one, and the audit log says what each
one was for. The pages ask with ``PurposeForm``; the API checks with ``purpose_clean``.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.core.errors import ValidationFailed

PURPOSE_MAX = 200


def purpose_clean(text: str | None) -> str:
    """Return the stated purpose, trimmed; refuse an empty or over-long one."""
    purpose = " ".join((text or "").split())
    if not purpose:
        raise ValidationFailed(
            _("State the purpose: what the numbers or the list are needed for."), field="purpose"
        )
    if len(purpose) > PURPOSE_MAX:
        raise ValidationFailed(
            _("The purpose may be at most %(max)d characters long; it has %(count)d.")
            % {"max": PURPOSE_MAX, "count": len(purpose)},
            field="purpose",
        )
    return purpose


class PurposeForm(forms.Form):
    """One field, the purpose; its messages are ``purpose_clean``'s."""

    purpose = forms.CharField(
        label=gettext_lazy("Purpose"),
        required=False,
        strip=False,
        help_text=gettext_lazy("Written in the audit log beside your name."),
    )

    def clean_purpose(self) -> str:
        try:
            return purpose_clean(self.cleaned_data.get("purpose"))
        except ValidationFailed as exc:
            raise forms.ValidationError(str(exc.message)) from exc
