"""Volunteer pages under /community/volunteers/ and /community/visits/."""

from django.urls import URLPattern, path

from guanai.community.volunteers import shift_views, views

urlpatterns: list[URLPattern] = [
    path("volunteers/", views.volunteer_list, name="volunteers"),
    path("volunteers/new/", views.volunteer_new, name="volunteer_new"),
    path("volunteers/<int:pk>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/sign-up/", views.visit_sign_up, name="visit_sign_up"),
    path("visits/<int:pk>/sign-up/cancel/", views.visit_sign_up_cancel, name="visit_cancel"),
    path("visits/<int:pk>/roles/", views.visit_role_add, name="visit_role_add"),
    path("visits/<int:pk>/roles/remove/", views.visit_role_remove, name="visit_role_remove"),
    path("visits/<int:pk>/check-in/", views.visit_check, {"way": "in"}, name="visit_check_in"),
    path("visits/<int:pk>/check-out/", views.visit_check, {"way": "out"}, name="visit_check_out"),
    path("visits/<int:pk>/confirm/", views.visit_confirm, name="visit_confirm"),
    path("visits/<int:pk>/cap/", views.visit_cap, name="visit_cap"),
    path("visits/<int:pk>/shifts/<int:volunteer_id>/", shift_views.visit_shift, name="visit_shift"),
]
