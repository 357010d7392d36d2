"""Routes of the care app's pairing pages (included by care/urls.py)."""

from django.urls import URLPattern, path

from guanai.care import views_pairing

urlpatterns: list[URLPattern] = [
    path("coverage/", views_pairing.coverage, name="coverage"),
    path("pairings/new/", views_pairing.pairing_new, name="pairing_new"),
    path("pairings/bulk/", views_pairing.pairing_bulk, name="pairing_bulk"),
    path("pairings/suggest/", views_pairing.pairing_suggest, name="pairing_suggest"),
    path("pairings/<int:pk>/end/", views_pairing.pairing_end, name="pairing_end"),
    path("persons/<int:pk>/pairings/", views_pairing.person_pairings, name="person_pairings"),
]
