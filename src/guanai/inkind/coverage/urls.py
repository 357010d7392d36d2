"""The coverage pages, mounted at /inkind/ (namespace ``inkind``): eligible but not served
(应享未享) and the targets."""

from django.urls import path

from guanai.inkind.coverage import views

urlpatterns = [
    path("not-served/", views.not_served_page, name="not_served"),
    path("not-served/request/", views.not_served_request, name="not_served_request"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/new/", views.target_new, name="target_new"),
    path("targets/<int:pk>/", views.target_detail, name="target_detail"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/archive/", views.target_archive, name="target_archive"),
]
