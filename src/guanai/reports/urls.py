"""Report pages under /reports/."""

from django.urls import path

from guanai.reports import (
    urls_assessment,
    views_bulletins,
    views_dashboard,
    views_monthly,
    views_targets,
)

app_name = "reports"

urlpatterns = [
    path("", views_monthly.report_index, name="index"),
    path("bulletins/", views_bulletins.bulletin_list, name="bulletins"),
    path(
        "bulletins/<int:unit>/<str:month>/start/",
        views_bulletins.bulletin_start,
        name="bulletin_start",
    ),
    path("bulletins/<int:pk>/", views_bulletins.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/export/", views_bulletins.bulletin_export, name="bulletin_export"),
    path(
        "bulletins/<int:pk>/<str:action>/",
        views_bulletins.bulletin_action,
        name="bulletin_action",
    ),
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
    *urls_assessment.urlpatterns,
]
