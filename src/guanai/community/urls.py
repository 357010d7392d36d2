"""Community pages under /community/ (志愿与捐赠), one list of routes per sub-domain."""

from django.urls import URLPattern

from guanai.community.giving import urls as giving
from guanai.community.thanks import urls as thanks
from guanai.community.volunteers import urls as volunteers

app_name = "community"

urlpatterns: list[URLPattern] = [*volunteers.urlpatterns, *giving.urlpatterns, *thanks.urlpatterns]
