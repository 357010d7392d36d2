"""Routes of the care app's ledger pages (included by care/urls.py)."""

from django.urls import URLPattern, path

from guanai.care.ledger import views

urlpatterns: list[URLPattern] = [
    path("ledgers/", views.ledger_list, name="ledger_list"),
    path("ledgers/new/", views.ledger_open, name="ledger_open"),
    path("ledgers/<int:pk>/", views.ledger_detail, name="ledger_detail"),
    path("ledgers/<int:pk>/deposit/", views.ledger_deposit, name="ledger_deposit"),
    path("ledgers/<int:pk>/spend/", views.ledger_spend, name="ledger_spend"),
    path("ledgers/<int:pk>/edit/", views.ledger_edit, name="ledger_edit"),
    path("ledgers/<int:pk>/statement/", views.ledger_statement, name="ledger_statement"),
]
