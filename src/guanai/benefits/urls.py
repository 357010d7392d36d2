"""Benefits pages under /benefits/ (政策扶助)."""

from django.urls import URLPattern, path

from guanai.benefits import views_claims, views_person, views_policies, views_rolls

app_name = "benefits"

urlpatterns: list[URLPattern] = [
    # The main navigation's entry: the rolls, the page the clerks open most.
    path("", views_rolls.roll_list, name="index"),
    path("policies/", views_policies.policy_catalogue, name="policies"),
    path("persons/<int:pk>/", views_person.person_benefits, name="person"),
    path(
        "persons/<int:pk>/entitlements/",
        views_person.entitlement_grant,
        name="entitlement_grant",
    ),
    path(
        "persons/<int:pk>/entitlements/<int:entitlement_pk>/end/",
        views_person.entitlement_end,
        name="entitlement_end",
    ),
    path("persons/<int:pk>/account/", views_person.payment_account_set, name="account_set"),
    path("rolls/", views_rolls.roll_list, name="roll_list"),
    path("rolls/generate/", views_rolls.roll_generate, name="roll_generate"),
    path("rolls/<int:pk>/", views_rolls.roll_detail, name="roll_detail"),
    path("rolls/<int:pk>/regenerate/", views_rolls.roll_regenerate, name="roll_regenerate"),
    path("rolls/<int:pk>/submit/", views_rolls.roll_submit, name="roll_submit"),
    path("rolls/<int:pk>/return/", views_rolls.roll_return, name="roll_return"),
    path("rolls/<int:pk>/approve/", views_rolls.roll_approve, name="roll_approve"),
    path("rolls/<int:pk>/export/", views_rolls.roll_export, name="roll_export"),
    path("rolls/<int:pk>/print/", views_rolls.roll_print, name="roll_print"),
    path("rolls/<int:pk>/adjust/", views_rolls.roll_adjust, name="roll_adjust"),
    path("claims/", views_claims.claim_list, name="claim_list"),
    path("claims/new/", views_claims.claim_new, name="claim_new"),
    path("claims/<int:pk>/", views_claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/cancel/", views_claims.claim_cancel, name="claim_cancel"),
    path("calculator/", views_claims.calculator, name="calculator"),
]
