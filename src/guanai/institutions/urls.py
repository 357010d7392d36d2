"""Care institution pages under /institutions/ (托养机构)."""

from django.urls import URLPattern, path

from guanai.institutions import views

app_name = "institutions"

urlpatterns: list[URLPattern] = [
    path("", views.institution_list, name="list"),
    path("overview/", views.institution_overview, name="overview"),
    path("overview.xlsx", views.institution_overview_export, name="overview_export"),
    path("<int:pk>/", views.institution_detail, name="detail"),
    path("<int:pk>/profile/", views.profile_edit, name="profile"),
    path("<int:pk>/staff/new/", views.staff_new, name="staff_new"),
    path("<int:pk>/items/<str:ref>/", views.evidence_edit, name="evidence"),
    path("evidence-photos/<int:pk>/", views.evidence_photo, name="evidence_photo"),
    path(
        "evidence-photos/<int:pk>/remove/",
        views.evidence_photo_remove,
        name="evidence_photo_remove",
    ),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/trainings/", views.training_add, name="training_add"),
    path("staff/<int:pk>/certificates/", views.qualification_add, name="qualification_add"),
]
