"""The "today" page is the site's root (``home``, where a login lands): see guanai/urls.py."""

from django.urls import URLPattern, path

from guanai.today import views

urlpatterns: list[URLPattern] = [
    path("", views.today_page, name="home"),
]
