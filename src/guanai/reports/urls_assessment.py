"""Routes of the annual assessment and information report pages (spliced into reports)."""

from django.urls import URLPattern, path

from guanai.reports import views_assessment, views_info

urlpatterns: list[URLPattern] = [
    path("assessment/", views_assessment.sheet_list, name="assessments"),
    path("assessment/new/", views_assessment.sheet_new, name="assessment_new"),
    path("assessment/<int:pk>/", views_assessment.sheet_detail, name="assessment"),
    path("assessment/<int:pk>/items/", views_assessment.item_add, name="assessment_item_add"),
    path(
        "assessment/<int:pk>/items/<int:item>/scores/",
        views_assessment.item_scores,
        name="assessment_scores",
    ),
    path(
        "assessment/<int:pk>/items/<int:item>/<str:action>/",
        views_assessment.item_action,
        name="assessment_item_action",
    ),
    path(
        "assessment/<int:pk>/finalise/",
        views_assessment.sheet_finalise,
        name="assessment_finalise",
    ),
    path("assessment/<int:pk>/export/", views_assessment.sheet_export, name="assessment_export"),
    path("info/", views_info.info_list, name="info_list"),
    path("info/new/", views_info.info_new, name="info_new"),
    path("info/published/", views_info.info_published, name="info_published"),
    path("info/photo/<int:pk>/", views_info.info_photo, name="info_photo"),
    path(
        "info/timeliness/<int:unit>/<str:month>/",
        views_info.info_timeliness,
        name="info_timeliness",
    ),
    path("info/<int:pk>/", views_info.info_detail, name="info"),
    path("info/<int:pk>/<str:action>/", views_info.info_action, name="info_action"),
]
