"""Routes of the field page (included by care/urls.py)."""

from django.urls import URLPattern, path

from guanai.care.field import views

urlpatterns: list[URLPattern] = [
    path("field/", views.field, name="field"),
]
