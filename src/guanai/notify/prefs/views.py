"""The person's notification preferences and addresses; a unit's group robot.

Every page reads through ``prefs.selectors`` and writes through ``prefs.services`` or
``prefs.robots``; a refusal is shown beside its field (400), nothing changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.core.masking import mask_phone
from guanai.notify.models import Address, Channel
from guanai.notify.prefs import robots, selectors, services
from guanai.notify.prefs.forms import AddressForm, CodeForm, PreferencesForm, WebhookForm


def _shown(address: Address | None) -> str:
    if address is None:
        return ""
    if address.channel == Channel.EMAIL:
        return selectors.masked_email(address.value)
    return mask_phone(address.value)


def preferences(request: HttpRequest) -> HttpResponse:
    """Every kind by group with its channels, and the digest: one form, one save."""
    user = request_user(request)
    rows = selectors.kind_rows(user)
    current = selectors.settings_of(user)
    form = PreferencesForm(request.POST or None, rows=rows, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_save(user, form.choices(), form.digest())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Your notification preferences were saved."))
            return redirect("notify:preferences")
    addresses = selectors.addresses_of(user)
    return render(
        request,
        "notify/prefs/preferences.html",
        {
            "form": form,
            "groups": form.groups(relevant=True),
            "other_groups": form.groups(relevant=False),
            "email": addresses.get(Channel.EMAIL),
            "email_shown": _shown(addresses.get(Channel.EMAIL)),
            "phone": addresses.get(Channel.SMS),
            "phone_shown": _shown(addresses.get(Channel.SMS)),
            "led_units": selectors.led_units(user),
        },
        status=400 if form.errors else 200,
    )


ACTIONS = ("save", "confirm", "resend", "remove")


def address(request: HttpRequest, channel: str) -> HttpResponse:
    """The person's e-mail address or mobile number: give or change it, enter its code."""
    user = request_user(request)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = AddressForm(request.POST if action == "save" else None, channel=channel)
    code_form = CodeForm(request.POST if action == "confirm" else None)
    refused = ""
    if request.method == "POST":
        done, refused = _address_action(user, channel, action, form, code_form)
        if done:
            messages.success(request, done)
            return redirect(request.path)
    current = selectors.address_of(user, channel)
    return render(
        request,
        "notify/prefs/address.html",
        {
            "channel": channel,
            "title": _("E-mail address") if channel == Channel.EMAIL else _("Mobile number"),
            "address": current,
            "shown": _shown(current),
            "pending": bool(current and current.code_hash and not current.verified_at),
            "form": form,
            "code_form": code_form,
            "refused": refused,
            "sms_missing": channel == Channel.SMS and not services.sms_available(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _address_action(
    user: Any, channel: str, action: str, form: AddressForm, code_form: CodeForm
) -> tuple[str, str]:
    """Do the posted action: (the message of its success, "") or ("", a refusal not already
    shown beside a field)."""
    try:
        if action == "save":
            if not form.is_valid():
                return "", ""
            services.address_set(user, channel, form.cleaned_data["value"])
            return _("A code was sent; enter it below to verify the address."), ""
        if action == "confirm":
            if not code_form.is_valid():
                return "", ""
            services.code_confirm(user, channel, code_form.cleaned_data["code"])
            return _("The address is verified."), ""
        if action == "resend":
            services.code_resend(user, channel)
            return _("A new code was sent."), ""
        if action == "remove":
            if not services.address_remove(user, channel):
                return "", _("There is no address to remove.")
            return _("The address was removed; nothing is sent there any more."), ""
    except DomainError as exc:
        if action == "save":
            form.add_domain_error(exc)
        elif action == "confirm":
            code_form.add_domain_error(exc)
        else:
            return "", str(exc.message)
        return "", ""
    return "", _("Unknown action.")


def webhook(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit's WeChat Work group robot, for a leader of the unit or above (404 otherwise)."""
    user = request_user(request)
    unit = selectors.unit_to_lead(user, unit_id)
    row = selectors.webhook_of(unit)
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    initial = {"kinds": row.kinds, "initials": row.initials, "active": row.active} if row else {}
    initial = initial or {"initials": True, "active": True}
    form = WebhookForm(
        request.POST if action == "save" else None, initial=initial, has_url=row is not None
    )
    refused = ""
    if action == "save" and form.is_valid():
        data = form.cleaned_data
        try:
            robots.webhook_save(
                user,
                unit,
                url=data["url"] or None,
                kind_codes=data["kinds"],
                initials=data["initials"],
                active=data["active"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The robot was saved."))
            return redirect(request.path)
    elif action == "test":
        try:
            robots.webhook_test(user, unit)
        except DomainError as exc:
            refused = str(exc.message)
        else:
            messages.success(request, _("The robot took the test message; look in the group."))
            return redirect(request.path)
    elif action:
        refused = "" if action == "save" else _("Unknown action.")
    return render(
        request,
        "notify/prefs/webhook.html",
        {
            "unit": unit,
            "robot": row,
            "shown": selectors.masked_webhook(row.url) if row else "",
            "form": form,
            "refused": refused,
        },
        status=400 if request.method == "POST" else 200,
    )
