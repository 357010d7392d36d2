"""Pages of activities: events (joined into the ``activities`` namespace by ../urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
