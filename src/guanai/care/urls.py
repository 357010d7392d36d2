"""Care pages under /care/; each part of the app keeps its own routes."""

from django.urls import URLPattern, URLResolver

app_name = "care"

urlpatterns: list[URLPattern | URLResolver] = []
