"""Report pages under /reports/."""

from django.urls import path

from guanai.reports import urls_assessment, views_bulletins
from guanai.reports.dashboard import urls as dashboard_urls
from guanai.reports.kpis import urls as kpis_urls
from guanai.reports.monthly import urls as monthly_urls

app_name = "reports"

urlpatterns = [
    *monthly_urls.urlpatterns,
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
    *dashboard_urls.urlpatterns,
    *kpis_urls.urlpatterns,
    *urls_assessment.urlpatterns,
]
