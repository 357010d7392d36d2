from django.urls import path

from guanai.surveys.analysis import views

urlpatterns = [
    path("rounds/<int:pk>/analysis/", views.round_analysis_page, name="round_analysis"),
    path("rounds/<int:pk>/analysis/export/", views.round_export, name="round_export"),
]
