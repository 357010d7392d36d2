"""Forms of the account, org-unit and audit pages. They parse input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from guanai.accounts.audit_log import ACCOUNT_ACTIONS
from guanai.accounts.models import DATA_ROLES, Role, User
from guanai.accounts.scoping import SYSADMIN_GRANTS
from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.core.models import AuditAction
from guanai.orgs.models import OrgKind, OrgUnit

# No default role (an admin role picked by accident would shut the account out of data),
# and only the roles a system administrator may give (``scoping.SYSADMIN_GRANTS``).
GRANTABLE_CHOICES = BLANK + [(role.value, role.label) for role in Role if role in SYSADMIN_GRANTS]


class OrgUnitChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        indent = "　" * obj.depth
        code = f"（{obj.code}）" if obj.code else ""
        return f"{indent}{obj.name}{code}"


class OrgUnitCreateForm(ServiceErrorsMixin, forms.Form):
    parent = OrgUnitChoiceField(label=_("Parent unit"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(
        label=_("Division code"),
        max_length=20,
        required=False,
        help_text=_("Only for divisions: 6 digits (county and above) or 12 digits."),
    )

    def __init__(self, *args: Any, parents: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class OrgUnitEditForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(label=_("Division code"), max_length=20, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("A school's hotline for families, printed on the contact cards."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class OrgImportForm(ServiceErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("xlsx or csv with columns 代码, 名称, 类型, 上级代码.")
    )


class UserCreateForm(ServiceErrorsMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=60)
    org_unit = OrgUnitChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(
        label=_("Role"),
        choices=GRANTABLE_CHOICES,
        help_text=_(
            "A role that sees persons waits for the approval of a leader of the unit or the "
            "security administrator. The account gets a one-time password, shown once."
        ),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]


class UserEditForm(ServiceErrorsMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=60)
    is_active = forms.BooleanField(label=_("Active"), required=False)


class MembershipForm(ServiceErrorsMixin, forms.Form):
    org_unit = OrgUnitChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=GRANTABLE_CHOICES)

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]


DATA_ROLE_CHOICES = BLANK + [(role.value, role.label) for role in Role if role in DATA_ROLES]


class RoleGrantForm(ServiceErrorsMixin, forms.Form):
    """A leader gives a role that sees persons to an account of their units."""

    username = forms.CharField(label=_("Username"), max_length=150)
    org_unit = OrgUnitChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=DATA_ROLE_CHOICES)

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit], accounts: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        self.accounts = accounts

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        account = self.accounts.filter(username__iexact=name).first()
        if account is None:
            raise forms.ValidationError(_("No account of that username in your units."))
        return account


class PasswordChangeForm(ServiceErrorsMixin, forms.Form):
    old_password = forms.CharField(
        label=_("Current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, with 3 of: lowercase, uppercase, digits, symbols."),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("The two new passwords differ."))
        return data


class TokenForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=60)


class AuditFilterForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Log"),
        choices=[("access", _("Logins, reads and exports")), ("changes", _("Data changes"))],
        required=False,
    )
    user = forms.CharField(label=_("User"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[
            ("", _("All")),
            *AuditAction.choices,
            ("create", _("Created")),
            ("update", _("Changed")),
            ("delete", _("Deleted")),
        ],
    )
    object = forms.CharField(label=_("Object"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class AccountAuditFilterForm(AuditFilterForm):
    """The filter of the account-administration report: its own actions, no log choice."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["source"]
        del self.fields["object"]
        self.fields["action"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *((a.value, a.label) for a in ACCOUNT_ACTIONS),
        ]


__all__ = ["User"]
