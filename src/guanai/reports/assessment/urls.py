"""Routes of the annual assessment pages (spliced into ``reports.urls``: the names stay
``reports:assessments``, ``reports:assessment`` …)."""

from django.urls import URLPattern, path

from guanai.reports.assessment import views

urlpatterns: list[URLPattern] = [
    path("assessment/", views.sheet_list, name="assessments"),
    path("assessment/new/", views.sheet_new, name="assessment_new"),
    path("assessment/<int:pk>/", views.sheet_detail, name="assessment"),
    path("assessment/<int:pk>/items/", views.item_add, name="assessment_item_add"),
    path(
        "assessment/<int:pk>/items/<int:item>/scores/",
        views.item_scores,
        name="assessment_scores",
    ),
    path(
        "assessment/<int:pk>/items/<int:item>/<str:action>/",
        views.item_action,
        name="assessment_item_action",
    ),
    path("assessment/<int:pk>/finalise/", views.sheet_finalise, name="assessment_finalise"),
    path("assessment/<int:pk>/export/", views.sheet_export, name="assessment_export"),
]
