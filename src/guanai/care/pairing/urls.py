"""Routes of the care app's pairing pages (included by care/urls.py)."""

from django.urls import URLPattern, path

from guanai.care.pairing import views

urlpatterns: list[URLPattern] = [
    path("coverage/", views.coverage, name="coverage"),
    path("pairings/new/", views.pairing_new, name="pairing_new"),
    path("pairings/bulk/", views.pairing_bulk, name="pairing_bulk"),
    path("pairings/suggest/", views.pairing_suggest, name="pairing_suggest"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="pairing_end"),
    path("persons/<int:pk>/pairings/", views.person_pairings, name="person_pairings"),
]
