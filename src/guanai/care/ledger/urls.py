"""Routes of the care app's ledger pages (included by care/urls.py)."""

from django.urls import URLPattern, path

from guanai.care.ledger import views as views_ledger

urlpatterns: list[URLPattern] = [
    path("ledgers/", views_ledger.ledger_list, name="ledger_list"),
    path("ledgers/new/", views_ledger.ledger_open, name="ledger_open"),
    path("ledgers/<int:pk>/", views_ledger.ledger_detail, name="ledger_detail"),
    path("ledgers/<int:pk>/deposit/", views_ledger.ledger_deposit, name="ledger_deposit"),
    path("ledgers/<int:pk>/spend/", views_ledger.ledger_spend, name="ledger_spend"),
    path("ledgers/<int:pk>/edit/", views_ledger.ledger_edit, name="ledger_edit"),
    path("ledgers/<int:pk>/statement/", views_ledger.ledger_statement, name="ledger_statement"),
]
