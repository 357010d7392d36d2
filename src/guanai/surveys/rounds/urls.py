"""The rounds pages, mounted at /surveys/ (namespace ``surveys``); the fill page
(``surveys:case_fill``, /surveys/cases/<pk>/fill/) is the answers package's."""

from django.urls import path

from guanai.surveys.rounds import case_views, views

urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("tasks/", views.my_cases, name="my_cases"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/assign/", views.round_assign, name="round_assign"),
    path("rounds/<int:pk>/found/", views.round_found, name="round_found"),
    path("cases/<int:pk>/", case_views.case_detail, name="case_detail"),
    path("cases/<int:pk>/unreachable/", case_views.case_unreachable, name="case_unreachable"),
    path("cases/<int:pk>/pending/", case_views.case_pending, name="case_pending"),
    path("cases/<int:pk>/register/", case_views.case_register, name="case_register"),
]
