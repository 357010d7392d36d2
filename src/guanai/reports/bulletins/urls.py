"""Routes of the bulletin pages (spliced into ``reports.urls``: the names stay
``reports:bulletins``, ``reports:bulletin`` …)."""

from django.urls import URLPattern, path

from guanai.reports.bulletins import views

urlpatterns: list[URLPattern] = [
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path(
        "bulletins/<int:unit>/<str:month>/start/",
        views.bulletin_start,
        name="bulletin_start",
    ),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/export/", views.bulletin_export, name="bulletin_export"),
    path(
        "bulletins/<int:pk>/<str:action>/",
        views.bulletin_action,
        name="bulletin_action",
    ),
]
