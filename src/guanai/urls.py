from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from guanai.api.urls import api

urlpatterns = [
    # The "today" page (今日待办), named "home": where a login lands, for every role.
    path("", include("guanai.today.urls")),
    # Public: the login page offers the language switch (django.conf.urls.i18n's one route).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/", api.urls),
    path("", include("guanai.accounts.urls")),
    path("", include("guanai.registry.urls")),
    path("care/", include("guanai.care.urls")),
    path("benefits/", include("guanai.benefits.urls")),
    path("activities/", include("guanai.activities.urls")),
    path("community/", include("guanai.community.urls")),
    path("institutions/", include("guanai.institutions.urls")),
    path("surveys/", include("guanai.surveys.urls")),
    path("inkind/", include("guanai.inkind.urls")),
    path("crosscheck/", include("guanai.crosscheck.urls")),
    path("governance/", include("guanai.governance.urls")),
    path("notify/", include("guanai.notify.urls")),
    # The background exports (a large roster or payment roll): progress, then the file.
    path("exports/", include("guanai.sheets.urls")),
    path("reports/", include("guanai.reports.urls")),
    # A setting of the system administrator's, kept by the reports app whose deadlines it moves.
    path("holidays/", include("guanai.reports.holidays.urls")),
]
