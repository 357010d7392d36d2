"""Acknowledgement list pages under /community/."""

from django.urls import URLPattern, path

from guanai.community.thanks import views

urlpatterns: list[URLPattern] = [
    path("visits/<int:pk>/thanks/", views.visit_thanks, name="visit_thanks"),
    path("campaigns/<int:pk>/thanks/", views.campaign_thanks, name="campaign_thanks"),
    path("thanks/<int:pk>/", views.thanks_detail, name="thanks_detail"),
    path("thanks/<int:pk>/regenerate/", views.thanks_regenerate, name="thanks_regenerate"),
    path("thanks/<int:pk>/print/", views.thanks_print, name="thanks_print"),
]
