"""Every router the API's modules define is mounted (a router left out loses its routes
silently: no other test walks routes that are not there)."""

from __future__ import annotations

import importlib
import pkgutil

from ninja import Router

import guanai.api
from guanai.api.urls import api


def _router_modules() -> dict[str, Router]:
    found = {}
    for info in pkgutil.walk_packages(guanai.api.__path__, "guanai.api."):
        module = importlib.import_module(info.name)
        router = getattr(module, "router", None)
        if isinstance(router, Router):
            found[info.name] = router
    return found


def test_every_router_is_mounted_on_the_api() -> None:
    mounted = {id(router) for _prefix, router in api._routers}
    defined = _router_modules()
    assert len(defined) >= 20
    missing = sorted(name for name, router in defined.items() if id(router) not in mounted)
    assert missing == []


def test_the_care_and_report_routes_are_served() -> None:
    paths = set(api.get_openapi_schema()["paths"])
    for path in ("/api/care/records", "/api/care/pairings", "/api/care/plans", "/api/reports"):
        assert any(p.startswith(path) for p in paths), path
