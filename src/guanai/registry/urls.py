from django.urls import path

from guanai.registry import views

app_name = "registry"

urlpatterns = [
    path("persons/", views.person_list, name="person_list"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/cards/", views.contact_cards, name="contact_cards"),
    path("persons/export/", views.roster_export_view, name="person_export"),
    path("persons/import/", views.roster_import_page, name="roster_import"),
    path(
        "persons/import/<str:token>/commit/",
        views.roster_import_commit,
        name="roster_import_commit",
    ),
    path(
        "persons/import/<str:token>/",
        views.roster_import_result,
        name="roster_import_result",
    ),
    path(
        "persons/import/<str:token>/progress/",
        views.roster_import_progress,
        name="roster_import_progress",
    ),
    path(
        "persons/import/<str:token>/errors/",
        views.roster_import_errors,
        name="roster_import_errors",
    ),
    path(
        "persons/import/template/<str:kind>/",
        views.roster_template,
        name="roster_template",
    ),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path(
        "transfers/<int:pk>/<str:decision>/",
        views.transfer_decide,
        name="transfer_decide",
    ),
    path("persons/<int:pk>/transfer/", views.person_transfer, name="person_transfer"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/reveal/", views.person_reveal, name="person_reveal"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:pk>/archive/", views.person_archive, name="person_archive"),
    path("persons/<int:pk>/consent/", views.person_consent, name="person_consent"),
    path("persons/<int:pk>/categories/add/", views.category_add, name="category_add"),
    path(
        "persons/<int:pk>/categories/<int:entry_pk>/edit/",
        views.category_edit,
        name="category_edit",
    ),
    path(
        "persons/<int:pk>/categories/<int:entry_pk>/end/",
        views.category_end,
        name="category_end",
    ),
    path(
        "persons/<int:pk>/guardianship/",
        views.guardianship_assess,
        name="guardianship_assess",
    ),
    path("persons/<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path(
        "persons/<int:pk>/contacts/<int:contact_pk>/edit/",
        views.contact_edit,
        name="contact_edit",
    ),
    path(
        "persons/<int:pk>/contacts/<int:contact_pk>/call/",
        views.contact_call,
        name="contact_call",
    ),
    path(
        "persons/<int:pk>/contacts/<int:contact_pk>/remove/",
        views.contact_remove,
        name="contact_remove",
    ),
]
