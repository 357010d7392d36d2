"""The delivery log page: the security administrator's, filtered and paginated."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from guanai.accounts.requests import request_user
from guanai.core.paging import page_of
from guanai.notify.delivery import selectors
from guanai.notify.delivery.forms import DeliveryFilterForm


def delivery_list(request: HttpRequest) -> HttpResponse:
    """Every message sent outside the app, its status, tries and the provider's answer."""
    user = request_user(request)
    selectors.access_delivery_log(user)
    form = DeliveryFilterForm(request.GET)
    form.is_valid()
    rows = selectors.deliveries_search(user, form.found())
    return render(
        request,
        "notify/delivery/delivery_list.html",
        {"form": form, "page": page_of(rows, request.GET.get("page"))},
    )
