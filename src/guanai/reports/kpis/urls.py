"""KPI target pages, included in ``reports.urls`` (the ``reports`` namespace)."""

from django.urls import path

from guanai.reports.kpis import views

urlpatterns = [
    path("targets/", views.targets_index, name="targets_index"),
    path("targets/<int:unit>/", views.targets_page, name="targets"),
    path("targets/<int:unit>/<str:action>/", views.targets_action, name="targets_action"),
]
