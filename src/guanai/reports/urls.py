"""Report pages under /reports/."""

from guanai.reports.assessment import urls as assessment_urls
from guanai.reports.bulletins import urls as bulletin_urls
from guanai.reports.dashboard import urls as dashboard_urls
from guanai.reports.info import urls as info_urls
from guanai.reports.kpis import urls as kpis_urls
from guanai.reports.monthly import urls as monthly_urls

app_name = "reports"

urlpatterns = [
    *monthly_urls.urlpatterns,
    *bulletin_urls.urlpatterns,
    *dashboard_urls.urlpatterns,
    *kpis_urls.urlpatterns,
    *assessment_urls.urlpatterns,
    *info_urls.urlpatterns,
]
