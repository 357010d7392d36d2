"""Routes of the care app's plans pages (included by care/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
