"""Care pages under /care/; each part of the app keeps its own routes."""

from django.urls import URLPattern, URLResolver

from guanai.care.field import urls as urls_field
from guanai.care.ledger import urls as urls_ledger
from guanai.care.log import urls as urls_log
from guanai.care.pairing import urls as urls_pairing
from guanai.care.plans import urls as urls_plans
from guanai.care.warnings import urls as urls_warnings

app_name = "care"

urlpatterns: list[URLPattern | URLResolver] = [
    *urls_log.urlpatterns,
    *urls_pairing.urlpatterns,
    *urls_plans.urlpatterns,
    *urls_ledger.urlpatterns,
    *urls_warnings.urlpatterns,
    *urls_field.urlpatterns,
]
