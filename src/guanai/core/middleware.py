"""Refuse a NUL character anywhere in a request's input, before a view reads it.

PostgreSQL cannot store the character (psycopg raises ``ValueError`` and the caller would
get a server error), and nobody means to type it. Django's form fields refuse it, but a
search box, a filter or an API field read without a form would carry it to the database.
One check here answers every route alike, after the login and CSRF checks: the API with
its 422 of refused fields (``loc`` names the parameter), a page with 400 and a message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def nul_message() -> str:
    return _("The input contains a NUL character (\\0), which cannot be stored. Remove it.")


Place = tuple[str | int, ...]


def _nul_places(request: HttpRequest) -> Iterator[Place]:
    """Yield where each part of the request's input holding a NUL is, as the API's ``loc``:
    ("path",), ("query", name), ("body", name) or ("body", key, index, …) in JSON."""
    if NUL in request.path_info:
        yield ("path",)
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            yield ("query", name)
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.content_type in FORM_TYPES:
        for name, values in request.POST.lists():
            if NUL in name or any(NUL in value for value in values):
                yield ("body", name)
        for name, uploads in request.FILES.lists():
            if any(NUL in (upload.name or "") for upload in uploads):
                yield ("body", name)
    elif request.body:
        try:
            data = json.loads(request.body)
        except ValueError:
            return  # not JSON: the view refuses it as it is (the API: ``json_invalid``)
        for path in nul_paths(data):
            yield ("body", *path)


def nul_paths(data: Any, path: Place = ()) -> Iterator[Place]:
    """Yield the path of each key or text in parsed JSON that holds a NUL character."""
    if isinstance(data, str):
        if NUL in data:
            yield path
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from nul_paths(item, (*path, index))
    elif isinstance(data, dict):
        for key, value in data.items():
            if NUL in key:
                yield (*path, key)
            else:
                yield from nul_paths(value, (*path, key))


class RefuseNulCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        places = list(_nul_places(request))
        if not places:
            return None
        message = nul_message()
        if request.path_info.startswith("/api/"):
            errors = [
                {"type": "string_nul", "loc": list(place), "msg": message} for place in places
            ]
            return JsonResponse({"detail": errors}, status=422)
        return render(request, "400.html", {"message": message}, status=400)
