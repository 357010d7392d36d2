"""Routes of the information report pages (spliced into ``reports.urls``: the names stay
``reports:info_list``, ``reports:info`` …)."""

from django.urls import URLPattern, path

from guanai.reports.info import from_event_views, views

urlpatterns: list[URLPattern] = [
    path("info/", views.info_list, name="info_list"),
    path("info/new/", views.info_new, name="info_new"),
    path("info/published/", views.info_published, name="info_published"),
    path("info/photo/<int:pk>/", views.info_photo, name="info_photo"),
    path(
        "info/from-event/<int:event>/",
        from_event_views.info_from_event,
        name="info_from_event",
    ),
    path(
        "info/timeliness/<int:unit>/<str:month>/",
        views.info_timeliness,
        name="info_timeliness",
    ),
    path("info/<int:pk>/", views.info_detail, name="info"),
    path("info/<int:pk>/<str:action>/", views.info_action, name="info_action"),
]
