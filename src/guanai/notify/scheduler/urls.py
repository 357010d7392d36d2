from django.urls import URLPattern, path

from guanai.notify.scheduler import views

urlpatterns: list[URLPattern] = [
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<slug:name>/", views.job_detail, name="job"),
    path("jobs/<slug:name>/run/", views.job_run, name="job_run"),
]
