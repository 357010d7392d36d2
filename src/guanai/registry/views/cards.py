"""Printing contact cards (联系卡, 篇九) for the persons chosen on the list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guanai.accounts.requests import request_user
from guanai.registry import contact_cards as contact_cards_module
from guanai.registry.purpose import PurposeForm
from guanai.registry.views.purpose import purpose_page

CARDS_PER_PAGE = 8


def _card_ids(values: list[str]) -> list[int]:
    return list(dict.fromkeys(int(i) for i in values if i.isdigit() and len(i) < 19))


@login_required
def contact_cards(request: HttpRequest) -> HttpResponse:
    """Print contact cards (联系卡, 篇九) for the ticked children: 8 to an A4 page.

    The cards carry phone numbers — that is what they are for — so printing them is an
    export of personal data: the roster's tick boxes lead here (GET) to state the purpose,
    and only the POST that carries it prints the cards and writes them to the audit log.
    """
    user = request_user(request)
    posted = request.method == "POST"
    ids = _card_ids((request.POST if posted else request.GET).getlist("ids"))
    persons = contact_cards_module.persons_for_cards(user, ids)
    if not persons:
        messages.error(request, _("Tick the children whose contact cards you want to print."))
        return redirect("registry:person_list")
    form = PurposeForm(request.POST if posted else None)
    if not form.is_valid():
        names = "、".join(person.name for person in persons[:5])
        count = len(persons)
        lead = (
            _("%(count)d cards: %(names)s and others.")
            if count > 5
            else ngettext("%(count)d card: %(names)s.", "%(count)d cards: %(names)s.", count)
        ) % {"count": count, "names": names}
        return purpose_page(
            request,
            form,
            title=_("Print contact cards"),
            submit=_("Print the cards (recorded in the audit log)"),
            cancel=reverse("registry:person_list"),
            hidden=[("ids", person.pk) for person in persons],
            lead=lead,
        )
    cards = contact_cards_module.contact_cards_print(
        acting_user=user, persons=persons, purpose=form.cleaned_data["purpose"], request=request
    )
    pages = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
    return render(request, "registry/contact_cards.html", {"pages": pages})
