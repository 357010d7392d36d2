"""The surveys pages: questionnaires, rounds, filling, analysis."""

from django.urls import include, path

app_name = "surveys"

urlpatterns = [
    path("forms/", include("guanai.surveys.questionnaires.urls")),
    path("", include("guanai.surveys.rounds.urls")),
    path("", include("guanai.surveys.answers.urls")),
    path("", include("guanai.surveys.analysis.urls")),
]
