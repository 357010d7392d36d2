"""Event pages (活动) under /activities/events/."""

from django.urls import URLPattern, path

from guanai.activities.events import (
    coverage_views,
    photo_views,
    priority_views,
    series_views,
    views,
)

urlpatterns: list[URLPattern] = [
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/coverage/", coverage_views.coverage_page, name="coverage"),
    path("events/priorities/", priority_views.priority_page, name="event_priorities"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/enrol/", views.event_enrol, name="event_enrol"),
    path("events/<int:pk>/enrol-class/", views.event_enrol_class, name="event_enrol_class"),
    path("events/<int:pk>/cancel/", views.event_cancel_enrolment, name="event_cancel"),
    path("events/<int:pk>/attendance/", views.event_attendance, name="event_attendance"),
    path("events/series/<int:pk>/cancel/", series_views.series_cancel, name="series_cancel"),
]

# The photos of an event (``photo_views``).
urlpatterns += [
    path("events/<int:pk>/photos/", photo_views.event_photos_add, name="event_photos_add"),
    path("events/photos/<int:pk>/", photo_views.event_photo, name="event_photo"),
    path(
        "events/photos/<int:pk>/remove/",
        photo_views.event_photo_remove,
        name="event_photo_remove",
    ),
]
