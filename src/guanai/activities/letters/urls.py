"""Letters-home pages (亲情书信) under /activities/letters/."""

from django.urls import URLPattern, path

from guanai.activities.letters import views

urlpatterns: list[URLPattern] = [
    path("letters/", views.round_list, name="letter_rounds"),
    path("letters/new/", views.round_new, name="letter_round_new"),
    path("letters/<int:pk>/", views.round_detail, name="letter_round"),
    path("letters/<int:pk>/status/", views.round_status, name="letter_round_status"),
    path("letters/letter/<int:pk>/mark/", views.letter_mark, name="letter_mark"),
    path("letters/letter/<int:pk>/scans/", views.letter_scans, name="letter_scans"),
    path("letters/scans/<int:pk>/", views.scan, name="letter_scan"),
    path("letters/scans/<int:pk>/delete/", views.scan_delete, name="letter_scan_delete"),
]
