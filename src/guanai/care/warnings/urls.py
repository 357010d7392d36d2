"""Routes of the care app's warnings pages (included by care/urls.py)."""

from django.urls import URLPattern, path

from guanai.care.warnings import views

urlpatterns: list[URLPattern] = [
    path("warnings/", views.warning_list, name="warning_list"),
    path("warnings/check/", views.warning_check, name="warning_check"),
    path("warnings/acknowledge/", views.warning_bulk_ack, name="warning_bulk_ack"),
    path("warnings/<int:pk>/ack/", views.warning_ack, name="warning_ack"),
    path("warnings/<int:pk>/assign/", views.warning_assign, name="warning_assign"),
    path("warnings/<int:pk>/close/", views.warning_close, name="warning_close"),
]
