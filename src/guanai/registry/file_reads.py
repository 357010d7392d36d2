"""Audited reads of a person's file: opening it and revealing its full numbers (PIPL).

A file holds sensitive personal data, so every opening and every reveal writes a row of
the access log. The pages and the API call these functions rather than writing the row
themselves, so a new page or endpoint cannot forget it (issue 13, point 5).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused
from guanai.core.models import AuditAction
from guanai.registry.models import Contact, Person
from guanai.registry.purpose import purpose_clean
from guanai.registry.selectors import persons_visible


def person_file_open(
    *,
    user: AnyUser,
    pk: int,
    request: HttpRequest | None = None,
    tab: str = "",
    roster_only: bool = False,
    detail: dict[str, Any] | None = None,
) -> Person:
    """Return a person the user may read (else Http404), recording the read.

    ``tab`` is the part of the file asked for: reading the change history is noted in the
    row when the user may see it (leaders). ``roster_only`` is for the benefits data,
    which a pairing does not open; ``detail`` says which page or API read it.
    """
    # A fetch of its own rather than ``access_person``: an API write reads the file anew
    # after ``access_person`` found it, and two fetches from one line look like an N+1.
    person = get_object_or_404(persons_visible(user, roster_only=roster_only), pk=pk)
    detail = dict(detail or {})
    if tab == "history" and scoping.can_see_history(user, person.org_unit):
        detail["tab"] = "history"
    access_log(
        user=user, action=AuditAction.READ, obj=person, request=request, detail=detail or None
    )
    return person


def can_reveal_numbers(user: AnyUser, person: Person) -> bool:
    """Return whether the user's role may see the person's full ID and phone numbers."""
    return scoping.can_reveal_numbers(user, person.org_unit)


def person_numbers_reveal(
    *,
    user: AnyUser,
    person: Person,
    purpose: str,
    request: HttpRequest | None = None,
    tab: str = "",
) -> Person:
    """Allow the full numbers of ``person`` (and contacts) for a stated purpose, recording it.

    Refuse a role that may not reveal them, and an empty or over-long purpose. ``tab``
    (basic or family) says which numbers the page revealed.
    """
    if not can_reveal_numbers(user, person):
        raise PermissionRefused(_("Your role may not see full ID and phone numbers."))
    detail: dict[str, Any] = {"tab": tab} if tab else {}
    detail["purpose"] = purpose_clean(purpose)
    access_log(user=user, action=AuditAction.REVEAL, obj=person, request=request, detail=detail)
    return person


def contact_call_open(
    *,
    user: AnyUser,
    person: Person,
    contact_pk: int,
    request: HttpRequest | None = None,
) -> Contact:
    """Return a contact of ``person`` whose full number the user opens to call, recording it.

    A call shows the whole number, so it is a reveal: only a role that may reveal the
    person's numbers may call (``scoping.can_reveal_numbers``), and each opening writes a
    reveal row naming the contact, as the "show full numbers" button does. A contact of
    another person, or one without a phone number, is Http404.
    """
    if not can_reveal_numbers(user, person):
        raise PermissionRefused(_("Your role may not see full ID and phone numbers."))
    contact = get_object_or_404(person.contacts.exclude(phone=""), pk=contact_pk)
    access_log(
        user=user,
        action=AuditAction.REVEAL,
        obj=person,
        request=request,
        detail={"tab": "family", "call": contact.pk, "contact": str(contact)},
    )
    return contact
