"""Routes of the care app's warnings pages (included by care/urls.py)."""

from django.urls import URLPattern, path

from guanai.care import views_warnings

urlpatterns: list[URLPattern] = [
    path("warnings/", views_warnings.warning_list, name="warning_list"),
    path("warnings/check/", views_warnings.warning_check, name="warning_check"),
    path("warnings/<int:pk>/ack/", views_warnings.warning_ack, name="warning_ack"),
]
