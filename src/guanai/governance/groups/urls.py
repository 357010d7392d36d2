from django.urls import path

from guanai.governance.groups import views

urlpatterns = [
    path("groups/", views.group_list, name="groups_index"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/dissolve/", views.group_dissolve, name="group_dissolve"),
    path("groups/<int:pk>/print/", views.group_print, name="group_print"),
    path("groups/<int:pk>/members/new/", views.member_new, name="member_new"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/end/", views.member_end, name="member_end"),
    path("members/<int:pk>/post/", views.member_post, name="member_post"),
]
