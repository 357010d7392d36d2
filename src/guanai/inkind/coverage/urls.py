"""The coverage pages, mounted at /inkind/ (namespace ``inkind``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
