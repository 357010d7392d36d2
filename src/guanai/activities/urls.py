"""Activities pages under /activities/ (活动), one list of routes per sub-domain."""

from django.urls import URLPattern

from guanai.activities.birthdays import urls as birthdays
from guanai.activities.events import urls as events
from guanai.activities.letters import urls as letters
from guanai.activities.plans import urls as plans

app_name = "activities"

urlpatterns: list[URLPattern] = [*plans.urlpatterns, *events.urlpatterns, *birthdays.urlpatterns]
urlpatterns += letters.urlpatterns
