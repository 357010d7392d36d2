"""Dashboard pages, included in ``reports.urls`` (the ``reports`` namespace)."""

from django.urls import path

from guanai.reports.dashboard import views

urlpatterns = [
    path("dashboard/", views.dashboard_index, name="dashboard_index"),
    path("dashboard/<int:unit>/<str:month>/", views.dashboard_page, name="dashboard"),
    path(
        "dashboard/<int:unit>/<str:month>/refresh/",
        views.dashboard_refresh,
        name="dashboard_refresh",
    ),
    path(
        "dashboard/<int:unit>/<str:month>/export/",
        views.dashboard_export,
        name="dashboard_export",
    ),
]
