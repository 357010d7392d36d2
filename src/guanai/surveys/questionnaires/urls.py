"""The questionnaire pages, under /surveys/forms/ (namespace ``surveys``)."""

from django.urls import path

from guanai.surveys.questionnaires import views

urlpatterns = [
    path("", views.form_list, name="form_list"),
    path("new/", views.form_new, name="form_new"),
    path("<int:pk>/", views.form_detail, name="form_detail"),
    path("<int:pk>/copy/", views.form_copy, name="form_copy"),
    path("<int:pk>/new-version/", views.version_new, name="form_version_new"),
    path("versions/<int:pk>/publish/", views.version_publish, name="form_publish"),
    path("versions/<int:pk>/builder/", views.form_builder, name="form_builder"),
    path("versions/<int:pk>/json/", views.json_edit, name="form_json"),
    path("versions/<int:pk>/sections/<int:index>/", views.section_edit, name="form_section"),
    path(
        "versions/<int:pk>/sections/<int:section>/questions/new/",
        views.question_new,
        name="form_question_new",
    ),
    path("versions/<int:pk>/questions/<slug:code>/", views.question_edit, name="form_question"),
]
