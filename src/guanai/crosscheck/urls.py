from django.urls import path

from guanai.crosscheck.findings import views as finding_views
from guanai.crosscheck.lists import views as list_views

app_name = "crosscheck"

urlpatterns = [
    # The main navigation's entry: the findings to work, the page opened most.
    path("", finding_views.finding_list, name="index"),
    path("findings/<int:pk>/", finding_views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/resolve/", finding_views.finding_resolve, name="finding_resolve"),
    path("findings/recheck/", finding_views.findings_recheck_view, name="findings_recheck"),
    path("lists/", list_views.list_index, name="list_index"),
    path("lists/upload/", list_views.list_upload_view, name="list_upload"),
    path("lists/<int:pk>/", list_views.list_detail, name="list_detail"),
]
