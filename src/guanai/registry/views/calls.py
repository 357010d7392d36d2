"""Calling a person's guardian or contact from a phone: the full number, opened and audited.

The family tab shows contacts' numbers masked (138****5678). To call one, the user taps
"Call": a POST, with its CSRF token, that records the opening as a reveal
(``file_reads.contact_call_open``) and answers a page holding the number as a ``tel:``
link, which the phone's dialler opens on a second tap.

Why not a plain ``tel:`` link or a GET: the number would be in the family tab's HTML
(unaudited), and a GET that writes the audit row can be fired from another site, or by a
browser prefetching links, filling the access log with openings nobody made. Why not a
redirect to ``tel:`` after the POST: mobile browsers treat a redirect to another scheme
unevenly (some drop it silently after a form post), and the user would never see which
number was dialled; a page with the link works everywhere and also shows the number to
dictate or copy.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from guanai.core.errors import PermissionRefused
from guanai.core.phone import tel_uri
from guanai.registry import file_reads, selectors
from guanai.registry.views.file import back_to_file, file_url


@login_required
@require_POST
def contact_call(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    person = selectors.access_person(request.user, pk)
    try:
        contact = file_reads.contact_call_open(
            user=request.user, person=person, contact_pk=contact_pk, request=request
        )
    except PermissionRefused as exc:
        messages.error(request, str(exc.message))
        return back_to_file(person, "family")
    return render(
        request,
        "registry/file/call.html",
        {
            "person": person,
            "contact": contact,
            "tel": tel_uri(contact.phone),
            "back": file_url(person, "family"),
        },
    )
