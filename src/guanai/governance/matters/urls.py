"""The practical-matters pages, under /governance/ (namespace ``governance``)."""

from django.urls import path

from guanai.governance.matters import action_views, views

urlpatterns = [
    path("matters/", views.matter_list, name="matters_index"),
    path("matters/new/", views.matter_new, name="matter_new"),
    path("matters/print/", views.matters_print, name="matters_print"),
    path("matters/<int:pk>/", views.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/edit/", views.matter_edit, name="matter_edit"),
    path("matters/<int:pk>/progress/", action_views.matter_progress, name="matter_progress"),
    path("matters/<int:pk>/done/", action_views.matter_done, name="matter_done"),
    path("matters/<int:pk>/drop/", action_views.matter_drop, name="matter_drop"),
    path("matters/<int:pk>/reopen/", action_views.matter_reopen, name="matter_reopen"),
    path("matters/photos/<int:pk>/", views.matter_photo, name="matter_photo"),
]
