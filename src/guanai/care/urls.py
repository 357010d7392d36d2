"""Care pages under /care/; each part of the app keeps its own routes."""

from django.urls import URLPattern, URLResolver

from guanai.care import urls_log, urls_pairing, urls_warnings
from guanai.care.ledger import urls as urls_ledger
from guanai.care.plans import urls as urls_plans

app_name = "care"

urlpatterns: list[URLPattern | URLResolver] = [
    *urls_log.urlpatterns,
    *urls_pairing.urlpatterns,
    *urls_plans.urlpatterns,
    *urls_ledger.urlpatterns,
    *urls_warnings.urlpatterns,
]
