"""The request pages, mounted at /inkind/ (namespace ``inkind``)."""

from django.urls import path

from guanai.inkind.applications import action_views, views

urlpatterns = [
    path("requests/", views.application_list, name="application_list"),
    path("requests/new/", views.application_new, name="application_new"),
    path("requests/<int:pk>/", views.application_detail, name="application_detail"),
    path("requests/<int:pk>/assess/", action_views.application_assess, name="application_assess"),
    path("requests/<int:pk>/decide/", action_views.application_decide, name="application_decide"),
    path(
        "requests/<int:pk>/deliver/", action_views.application_deliver, name="application_deliver"
    ),
    path("requests/<int:pk>/stage/", action_views.application_stage, name="application_stage"),
    path("requests/<int:pk>/cancel/", action_views.application_cancel, name="application_cancel"),
    path(
        "requests/<int:pk>/follow-up/",
        action_views.application_follow_up,
        name="application_follow_up",
    ),
    path("requests/photos/<int:pk>/", views.stage_photo, name="stage_photo"),
]
