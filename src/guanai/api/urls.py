"""The API: django-ninja at /api/, OpenAPI at /api/docs. Routers mirror the apps."""

from __future__ import annotations

from ninja import NinjaAPI

from guanai.api import accounts, errors, orgs, registry
from guanai.api.auth import BrowserSessionAuth, TokenAuth

api = NinjaAPI(
    title="Guanai API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSessionAuth()],
)
errors.install(api)
api.add_router("", accounts.router)
api.add_router("", orgs.router)
api.add_router("", registry.router)
