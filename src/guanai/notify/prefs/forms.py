"""The preferences form (every kind, its channels, the digest), the address and code forms,
and the robot's form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import ServiceErrorsMixin
from guanai.notify.kinds import GROUPS, choosable
from guanai.notify.models import UserSettings
from guanai.notify.prefs.selectors import KindRow
from guanai.notify.prefs.services import DAILY_LIMIT_RANGE, Choice, DigestData


def field_names(code: str) -> tuple[str, str, str]:
    """The form's fields of one kind: on/off, by e-mail, by SMS."""
    return f"on:{code}", f"email:{code}", f"sms:{code}"


class PreferencesForm(ServiceErrorsMixin, forms.Form):
    """One field per kind and channel, then the digest."""

    digest_time = forms.TimeField(
        label=_("Digest time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("One message a day sums up what came; urgent ones come at once."),
    )
    email_digest = forms.BooleanField(label=_("Daily digest by e-mail"), required=False)
    sms_digest = forms.BooleanField(label=_("Daily digest by SMS"), required=False)
    daily_limit = forms.IntegerField(
        label=_("Messages a day at most"),
        min_value=DAILY_LIMIT_RANGE[0],
        max_value=DAILY_LIMIT_RANGE[1],
        help_text=_("By e-mail and SMS together, from 1 to 20; the inbox keeps everything."),
    )

    def __init__(
        self, data: Any = None, *, rows: list[KindRow], current: UserSettings, **kwargs: Any
    ) -> None:
        initial: dict[str, Any] = {
            "digest_time": current.digest_time,
            "email_digest": current.email_digest,
            "sms_digest": current.sms_digest,
            "daily_limit": current.daily_limit,
        }
        self.rows = rows
        for row in rows:
            on, email, sms = field_names(row.kind.code)
            initial.update({on: row.enabled, email: row.email, sms: row.sms})
        super().__init__(data, initial=initial, **kwargs)
        for name in ("digest_time", "daily_limit"):
            self.fields[name].widget.attrs.update(
                {"class": "form-control", "aria-describedby": f"id_{name}_help"}
            )
        for row in rows:
            on, email, sms = field_names(row.kind.code)
            self.fields[on] = forms.BooleanField(label=str(row.kind.label), required=False)
            self.fields[email] = forms.BooleanField(label=_("E-mail"), required=False)
            self.fields[sms] = forms.BooleanField(label=_("SMS"), required=False)

    def choices(self) -> dict[str, Choice]:
        data = self.cleaned_data
        return {
            row.kind.code: Choice(*(bool(data.get(name)) for name in field_names(row.kind.code)))
            for row in self.rows
        }

    def digest(self) -> DigestData:
        data = self.cleaned_data
        return DigestData(
            digest_time=data["digest_time"],
            email_digest=data["email_digest"],
            sms_digest=data["sms_digest"],
            daily_limit=data["daily_limit"],
        )

    def groups(self, *, relevant: bool) -> list[dict[str, Any]]:
        """The kinds by group for the page, each row with its three bound fields: those of
        the person's roles (``relevant``) or the others."""
        labels = dict(GROUP_LABELS)
        found = []
        for group in GROUPS:
            rows = [
                {"row": row, "on": self._bound(row)[0], "channels": self._bound(row)[1:]}
                for row in self.rows
                if row.kind.group == group and row.relevant == relevant
            ]
            if rows:
                found.append({"code": group, "label": labels[group], "rows": rows})
        return found

    def digest_inputs(self) -> list[forms.BoundField]:
        return [self["digest_time"], self["daily_limit"]]

    def digest_checks(self) -> list[forms.BoundField]:
        return [self["email_digest"], self["sms_digest"]]

    def _bound(self, row: KindRow) -> list[forms.BoundField]:
        return [self[name] for name in field_names(row.kind.code)]


GROUP_LABELS = (
    ("care", _("Care work")),
    ("office", _("Office matters")),
    ("events", _("Announcements")),
)


class AddressForm(ServiceErrorsMixin, forms.Form):
    value = forms.CharField(max_length=254)

    def __init__(self, *args: Any, channel: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.CharField, self.fields["value"])
        if channel == "email":
            field.label = _("E-mail address")
            field.widget = forms.EmailInput(attrs={"autocomplete": "email"})
        else:
            field.label = _("Mobile number")
            field.widget = forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})
            field.max_length = 20


class CodeForm(ServiceErrorsMixin, forms.Form):
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class WebhookForm(ServiceErrorsMixin, forms.Form):
    url = forms.CharField(
        label=_("Robot address"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    kinds = forms.MultipleChoiceField(
        label=_("What the robot tells the group"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    initials = forms.BooleanField(label=_("Persons' names as initials"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args: Any, has_url: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = cast(forms.MultipleChoiceField, self.fields["kinds"])
        chosen.choices = [(k.code, k.label) for k in choosable()]
        self.fields["url"].help_text = (
            _("Leave it blank to keep the address saved.")
            if has_url
            else _("From the group's settings in WeChat Work: add a group robot, copy its address.")
        )
