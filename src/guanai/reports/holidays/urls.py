"""The holiday page under /holidays/: a setting of the system administrator, not a report."""

from django.urls import path

from guanai.reports.holidays import views

app_name = "holidays"

urlpatterns = [
    path("", views.holiday_list, name="list"),
    path("paste/", views.holiday_paste, name="paste"),
    path("delete/", views.holiday_delete, name="delete"),
]
