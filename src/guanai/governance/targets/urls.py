"""The multi-year targets' pages, under /governance/ (namespace ``governance``)."""

from django.urls import path

from guanai.governance.targets import views

urlpatterns = [
    path("targets/", views.target_list, name="targets_index"),
    path("targets/new/", views.target_new, name="target_new"),
    path("targets/<int:pk>/", views.target_detail, name="target_detail"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/archive/", views.target_archive, name="target_archive"),
    path("targets/<int:pk>/entries/", views.entry_add, name="target_entry_add"),
]
