"""Report pages under /reports/."""

from django.urls import path

from guanai.reports import (
    views_dashboard,
    views_monthly,
    views_targets,
)
from guanai.reports.assessment import urls as assessment_urls
from guanai.reports.bulletins import urls as bulletin_urls
from guanai.reports.info import urls as info_urls

app_name = "reports"

urlpatterns = [
    path("", views_monthly.report_index, name="index"),
    *bulletin_urls.urlpatterns,
    path("dashboard/", views_dashboard.dashboard_index, name="dashboard_index"),
    path("dashboard/<int:unit>/<str:month>/", views_dashboard.dashboard_page, name="dashboard"),
    path(
        "dashboard/<int:unit>/<str:month>/refresh/",
        views_dashboard.dashboard_refresh,
        name="dashboard_refresh",
    ),
    path(
        "dashboard/<int:unit>/<str:month>/export/",
        views_dashboard.dashboard_export,
        name="dashboard_export",
    ),
    # Before the month's page, which would take "deadline" for a month.
    path("monthly/<int:unit>/deadline/", views_monthly.deadline_update, name="deadline"),
    path("monthly/<int:unit>/<str:month>/", views_monthly.report_month, name="month"),
    path("monthly/<int:unit>/<str:month>/start/", views_monthly.report_start, name="start"),
    path("monthly/report/<int:pk>/", views_monthly.report_detail, name="report"),
    path(
        "monthly/report/<int:pk>/<str:action>/",
        views_monthly.report_action,
        name="report_action",
    ),
    path("targets/", views_targets.targets_index, name="targets_index"),
    path("targets/<int:unit>/", views_targets.targets_page, name="targets"),
    path("targets/<int:unit>/<str:action>/", views_targets.targets_action, name="targets_action"),
    *assessment_urls.urlpatterns,
    *info_urls.urlpatterns,
]
