"""Care institution pages under /institutions/ (托养机构)."""

from django.urls import URLPattern, path

from guanai.institutions import views
from guanai.institutions.assessment import views as assessment

app_name = "institutions"

urlpatterns: list[URLPattern] = [
    path("", views.institution_list, name="list"),
    path("<int:pk>/", views.institution_detail, name="detail"),
    path("<int:pk>/profile/", views.profile_edit, name="profile"),
    path("<int:pk>/staff/new/", views.staff_new, name="staff_new"),
    path("<int:pk>/items/<str:ref>/", views.evidence_edit, name="evidence"),
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
]
