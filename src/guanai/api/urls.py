"""The API: django-ninja at /api/, OpenAPI at /api/docs. Routers mirror the apps."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Guanai API", version="1", urls_namespace="api")
