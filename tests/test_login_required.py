"""New pages are denied by default (issue 13, point 8).

``LoginRequiredMiddleware`` sends an anonymous visitor of any page to the login page unless
the page's view is marked ``login_not_required``. The pages marked so are listed here, so
that marking one more is a decision a reviewer sees; the API is exempt as a whole because
each operation checks its own token or session and answers 401 in JSON.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path

from guanai import urls as project_urls

# Every page an anonymous visitor reaches, and why.
PUBLIC = {
    "accounts/login/": "the login page itself",
    "accounts/logout/": "an ended session still logs out and lands on the login page",
    "i18n/setlang/": "the language switch, offered on the login page",
    "calendar/feed.ics": "a phone's calendar has no session: the feed's secret key is its check",
    "sw.js": "the service worker's script holds no data; a browser fetches it to update it",
    "manifest.webmanifest": "the app's name and icons for the home screen hold no data",
}
API_PREFIX = "api/"


def _pages(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _pages(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), pattern.callback))
    return found


def _public(view: Any) -> bool:
    return getattr(view, "login_required", True) is False


def test_only_the_listed_pages_and_the_api_are_public() -> None:
    pages = _pages(get_resolver().url_patterns)
    public = {route for route, view in pages if _public(view)}
    assert {r for r in public if not r.startswith(API_PREFIX)} == set(PUBLIC)
    assert {r for r, _view in pages if r.startswith(API_PREFIX)} <= public


@pytest.mark.django_db
def test_every_other_page_without_parameters_sends_anonymous_to_login() -> None:
    # Pages with an object in their address are asked by test_route_scoping.
    login = resolve_url(settings.LOGIN_URL)
    client = Client(raise_request_exception=False)
    wrong = []
    for route, view in _pages(get_resolver().url_patterns):
        if _public(view) or "<" in route:
            continue
        answer = client.get("/" + route)
        if answer.status_code != 302 or not answer["Location"].startswith(login):
            wrong.append(f"/{route}: {answer.status_code}")
    assert wrong == []


@pytest.mark.django_db
def test_the_public_pages_answer_an_anonymous_visitor() -> None:
    client = Client()
    assert client.get(resolve_url("accounts:login")).status_code == 200
    logout = client.post(resolve_url("accounts:logout"))
    assert logout.status_code == 302
    assert logout["Location"] == resolve_url(settings.LOGOUT_REDIRECT_URL)
    switched = client.post(resolve_url("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_the_api_answers_anonymous_with_401_json_not_a_redirect() -> None:
    answer = Client().get("/api/me")
    assert answer.status_code == 401
    assert answer["Content-Type"].startswith("application/json")
    assert "detail" in answer.json()
    schema = Client().get("/api/openapi.json")
    assert schema.status_code == 401


def _new_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("a page somebody added without thinking of logins")


@login_not_required
def _new_public_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("a page marked public")


urlpatterns = [
    path("new-page/", _new_page),
    path("new-public-page/", _new_public_page),
    *project_urls.urlpatterns,
]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_new_view_without_a_marking_sends_anonymous_to_login() -> None:
    answer = Client().get("/new-page/")
    assert answer.status_code == 302
    assert answer["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next=/new-page/"
    assert Client().get("/new-public-page/").status_code == 200
