from django.urls import path

from guanai.sheets import views

app_name = "sheets"

urlpatterns = [
    path("<str:token>/", views.export_job, name="export_job"),
    path("<str:token>/progress/", views.export_job_progress, name="export_job_progress"),
    path("<str:token>/download/", views.export_job_download, name="export_job_download"),
]
