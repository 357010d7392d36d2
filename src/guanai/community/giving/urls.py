"""Giving's pages under /community/: needs, donations, charity funds."""

from django.urls import URLPattern, path

from guanai.community.giving.views import donations, fund_setup, funds, needs

urlpatterns: list[URLPattern] = [
    path("needs/", needs.need_board, name="needs"),
    path("needs/new/", needs.need_new, name="need_new"),
    path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    path("donations/", donations.donation_list, name="donations"),
    path("donations/new/", donations.donation_new, name="donation_new"),
    path("donations/person/", donations.donation_person_pick, name="donation_person"),
    path("visits/<int:pk>/donations/new/", donations.visit_donation_new, name="visit_donation"),
    path("donations/<int:pk>/", donations.donation_detail, name="donation_detail"),
    path(
        "donations/<int:pk>/acknowledge/",
        donations.donation_acknowledge,
        name="donation_acknowledge",
    ),
    path("funds/", funds.fund_list, name="funds"),
    path("funds/new/", fund_setup.fund_new, name="fund_new"),
    path("funds/<int:pk>/", funds.fund_detail, name="fund_detail"),
    path("funds/<int:pk>/charity-day/", fund_setup.fund_charity_day, name="fund_charity_day"),
    path("funds/<int:pk>/campaigns/new/", fund_setup.campaign_new, name="campaign_new"),
    path("funds/<int:pk>/grants/new/", funds.grant_new, name="grant_new"),
    path("funds/<int:pk>/grants/person/", funds.grant_person_new, name="grant_person"),
    path("funds/<int:pk>/statement.xlsx", funds.fund_statement_xlsx, name="fund_statement"),
    path("grants/<int:pk>/decide/", funds.grant_decide, name="grant_decide"),
]
