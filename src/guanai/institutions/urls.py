"""Care institution pages under /institutions/ (托养机构)."""

from django.urls import URLPattern, path

from guanai.institutions import views
from guanai.institutions.assessment import views as assessment
from guanai.institutions.delivery import views as delivery
from guanai.institutions.residents import views as residents
from guanai.institutions.standards import views as standards

app_name = "institutions"

urlpatterns: list[URLPattern] = [
    path("", views.institution_list, name="list"),
    path("overview/", views.institution_overview, name="overview"),
    path("overview.xlsx", views.institution_overview_export, name="overview_export"),
    path("<int:pk>/", views.institution_detail, name="detail"),
    path("<int:pk>/profile/", views.profile_edit, name="profile"),
    path("<int:pk>/staff/new/", views.staff_new, name="staff_new"),
    path("<int:pk>/items/<str:ref>/", views.evidence_edit, name="evidence"),
    path("standards/", standards.standard_list, name="standards"),
    path("standards/new/", standards.standard_new, name="standard_new"),
    path("standards/<int:pk>/", standards.standard_detail, name="standard"),
    path("<int:pk>/residents/", residents.resident_list, name="residents"),
    path("<int:pk>/residents/new/", residents.resident_new, name="resident_new"),
    path("residents/<int:pk>/", residents.resident_detail, name="resident_detail"),
    path("residents/<int:pk>/leave/", residents.resident_leave, name="resident_leave"),
    path("evidence-photos/<int:pk>/", views.evidence_photo, name="evidence_photo"),
    path(
        "evidence-photos/<int:pk>/remove/",
        views.evidence_photo_remove,
        name="evidence_photo_remove",
    ),
    path("<int:pk>/assessments/", assessment.assessment_list, name="assessments"),
    path("<int:pk>/assessments/new/", assessment.assessment_new, name="assessment_new"),
    path(
        "<int:pk>/assessments/<int:year>/", assessment.assessment_report, name="assessment_report"
    ),
    path(
        "<int:pk>/assessments/<int:year>/edit/", assessment.assessment_edit, name="assessment_edit"
    ),
    path("assessments/", assessment.assessment_overview, name="assessment_overview"),
    path("score-sheets/", assessment.score_sheets, name="score_sheets"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/trainings/", views.training_add, name="training_add"),
    path("staff/<int:pk>/certificates/", views.qualification_add, name="qualification_add"),
    path("<int:pk>/services/", delivery.institution_services, name="services"),
    path("residents/<int:pk>/services/", delivery.resident_services, name="resident_services"),
    path("residents/<int:pk>/placements/", delivery.placement_new, name="placement_new"),
    path("services/<int:pk>/delete/", delivery.service_log_delete, name="service_delete"),
    path("placements/<int:pk>/", delivery.placement_detail, name="placement"),
    path("placements/<int:pk>/follow-ups/", delivery.follow_up_new, name="follow_up_new"),
    path("placements/<int:pk>/end/", delivery.placement_end, name="placement_end"),
]
