"""The work list (a helper's home) with its filters, and quick entry of a record with
"save and next": the next person of the same filtered list with something to do.

The filters live in the URL (a GET form, kept by the pagination); the record form carries
them as ``list`` (the list's query string), so that saving returns to the same list.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.care import worklist
from guanai.care.log import selectors, services
from guanai.care.log.forms import CareRecordForm, WorkFilterForm
from guanai.care.models import CareKind
from guanai.core.errors import DomainError
from guanai.core.text import quoted
from guanai.registry.models import Person

CARE_ROLES = scoping.CARE_ROLES  # the navigation asks the same


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 12]


def next_url(request: HttpRequest, default: str) -> str:
    """Return the ``next`` the request names if it is a path on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _filter_form(user: User, query: QueryDict) -> tuple[WorkFilterForm, bool]:
    """Return the bound filters of a list's ``query`` and whether it is all the units'."""
    all_units = query.get("all") == "1" and worklist.may_see_all(user)
    classes = worklist.worklist_classes(user, all_units=all_units)
    return WorkFilterForm(query, classes=classes), all_units


def _list_url(query: str) -> str:
    url = reverse("care:worklist")
    return f"{url}?{query}" if query else url


@login_required
def worklist_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scoping.require_role(user, *CARE_ROLES)
    form, all_units = _filter_form(user, request.GET)
    context: dict[str, Any] = {"form": form, "may_see_all": worklist.may_see_all(user)}
    if not form.is_valid():
        # Refused, not ignored: the page says which value is unknown and lists nothing.
        return render(request, "care/log/worklist.html", {**context, "work": None}, status=400)
    work = worklist.worklist(
        user,
        all_units=all_units,
        page_number=request.GET.get("page"),
        filters=form.to_filter(),
    )
    # What a record form carries back: the filters and the page, as the list's URL has them.
    list_query = "&".join(q for q in (form.query(), urlencode({"page": work.page.number})) if q)
    return render(
        request,
        "care/log/worklist.html",
        {
            **context,
            "work": work,
            "counts": work.counts,
            "list_query": list_query,
        },
    )


def _person_options(user: User, chosen: list[int]) -> tuple[list[Person], str]:
    """Return the persons the record form offers, and a note of how many paired ones it
    leaves out (shown beside the list, where a user looks for them; empty when none)."""
    options, more = selectors.persons_offered(user, chosen)
    note = ""
    if more:
        note = ngettext(
            "%(count)s more person paired with you is not listed here (the form lists "
            "%(limit)s); open the form from that person's page.",
            "%(count)s more persons paired with you are not listed here (the form lists "
            "%(limit)s); open the form from their pages.",
            more,
        ) % {"count": more, "limit": selectors.OFFERED_PERSONS}
    return options, note


def _record_page(
    request: HttpRequest,
    form: CareRecordForm,
    offered: tuple[list[Person], str],
    **context: Any,
) -> HttpResponse:
    options, unlisted = offered
    chosen = {str(v) for v in (form["persons"].value() or [])}
    marked = [(p, str(p.pk) in chosen) for p in options]
    return render(
        request,
        "care/log/record_form.html",
        {
            "form": form,
            "options": marked,
            "preselected": sum(1 for _p, checked in marked if checked),
            "unlisted": unlisted,
            "next": next_url(request, ""),
            **context,
        },
    )


def _after_save(
    request: HttpRequest, user: User, persons: list[Person], list_query: str
) -> HttpResponse:
    """Go back to the list (or ``next``), or with "save and next" to the next one's form."""
    if request.POST.get("after") != "next":
        return redirect(next_url(request, _list_url(list_query)))
    form, all_units = _filter_form(user, QueryDict(list_query))
    if not form.is_valid():
        return redirect(_list_url(list_query))  # the list says what is wrong with it
    filters = form.to_filter()
    found = worklist.next_due(
        user, all_units=all_units, filters=filters, skip=[p.pk for p in persons]
    )
    if found is None:
        messages.info(request, _("Nothing more is due on this list."))
        return redirect(_list_url(list_query))
    person, item = found
    params = {"person": person.pk, "kind": filters.kind or item.kind, "list": list_query}
    return redirect(f"{reverse('care:record_new')}?{urlencode(params)}")


@login_required
def record_new(request: HttpRequest) -> HttpResponse:
    """Quick entry: ``?person=<pk>&kind=talk`` opens the form filled in for that person.

    ``list`` is the query string of the work list it was opened from: "save" goes back to
    that list, "save and next" opens the form for the next person of it with something due.
    """
    user = request_user(request)
    careable = selectors.careable_persons(user)
    source = request.POST if request.method == "POST" else request.GET
    key = "persons" if request.method == "POST" else "person"
    chosen = _ids(source.getlist(key))
    # A person the user may not care for is not found, as on every other page.
    selectors.careable_chosen(user, chosen)
    list_query = source.get("list", "")
    kind = request.GET.get("kind", "")
    if kind and kind not in CareKind.values and request.method != "POST":
        messages.warning(
            request,
            _("The link named no known kind of care (“%(kind)s”); choose the kind below.")
            % {"kind": quoted(kind)},
        )
    initial = {
        "persons": chosen,
        "kind": kind if kind in CareKind.values else (None if kind else CareKind.TALK),
        "occurred_on": timezone.localdate(),
    }
    form = CareRecordForm(request.POST or None, initial=initial, persons=careable)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.care_record_add(
                acting_user=user, persons=list(form.cleaned_data["persons"]), data=form.to_data()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            persons = list(form.cleaned_data["persons"])
            names = "、".join(p.name for p in persons)
            messages.success(
                request,
                _("Saved: %(kind)s with %(names)s on %(date)s.")
                % {
                    "kind": record.get_kind_display(),
                    "names": names,
                    "date": date_format(record.occurred_on),
                },
            )
            if form.call_fields_ignored():
                messages.info(
                    request,
                    _(
                        "The parent called and the minutes were not saved: they are only "
                        "for a family phone call, and this was a %(kind)s."
                    )
                    % {"kind": record.get_kind_display()},
                )
            return _after_save(request, user, persons, list_query)
    return _record_page(
        request,
        form,
        _person_options(user, chosen),
        title=_("Record care"),
        today=timezone.localdate(),
        list_query=list_query,
        list_url=_list_url(list_query),
    )
