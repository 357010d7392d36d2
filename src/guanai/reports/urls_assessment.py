"""Routes of the annual assessment and information report pages (spliced into reports)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
