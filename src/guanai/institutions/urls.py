"""Care institution pages under /institutions/ (托养机构)."""

from django.urls import URLPattern, path

from guanai.institutions import views
from guanai.institutions.residents import views as residents

app_name = "institutions"

urlpatterns: list[URLPattern] = [
    path("", views.institution_list, name="list"),
    path("<int:pk>/", views.institution_detail, name="detail"),
    path("<int:pk>/profile/", views.profile_edit, name="profile"),
    path("<int:pk>/staff/new/", views.staff_new, name="staff_new"),
    path("<int:pk>/items/<str:ref>/", views.evidence_edit, name="evidence"),
    path("<int:pk>/residents/", residents.resident_list, name="residents"),
    path("<int:pk>/residents/new/", residents.resident_new, name="resident_new"),
    path("residents/<int:pk>/", residents.resident_detail, name="resident_detail"),
    path("residents/<int:pk>/leave/", residents.resident_leave, name="resident_leave"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/trainings/", views.training_add, name="training_add"),
    path("staff/<int:pk>/certificates/", views.qualification_add, name="qualification_add"),
]
