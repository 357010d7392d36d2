from django.urls import path

from guanai.accounts import (
    offline,
    views_admin,
    views_auth,
    views_org_import,
    views_roles,
    views_security,
)
from guanai.accounts.help.views import help_page

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views_auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", views_auth.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views_auth.password_change, name="password_change"),
    path("accounts/tokens/", views_auth.token_list, name="tokens"),
    path("help/", help_page, name="help"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("outbox/", offline.outbox, name="outbox"),
    path("accounts/tokens/<int:pk>/revoke/", views_auth.token_revoke, name="token_revoke"),
    path("orgs/", views_admin.org_list, name="org_list"),
    path("orgs/new/", views_admin.org_create, name="org_create"),
    path("orgs/import/", views_org_import.org_import, name="org_import"),
    path("orgs/import/<str:token>/", views_org_import.org_import_job, name="org_import_job"),
    path(
        "orgs/import/<str:token>/progress/",
        views_org_import.org_import_progress,
        name="org_import_progress",
    ),
    path(
        "orgs/import/<str:token>/commit/",
        views_org_import.org_import_commit,
        name="org_import_commit",
    ),
    path("orgs/<int:pk>/", views_admin.org_detail, name="org_detail"),
    path("orgs/<int:pk>/edit/", views_admin.org_edit, name="org_edit"),
    path("users/", views_admin.user_list, name="user_list"),
    path("users/new/", views_admin.user_create, name="user_create"),
    path("users/<int:pk>/", views_admin.user_detail, name="user_detail"),
    path("memberships/<int:pk>/revoke/", views_admin.membership_revoke, name="membership_revoke"),
    path("roles/", views_roles.role_approvals, name="role_approvals"),
    path("roles/<int:pk>/decide/", views_roles.role_decide, name="role_decide"),
    path("security/", views_security.security, name="security"),
    path("security/unlock/", views_security.lockout_reset, name="lockout_reset"),
    path("audit/", views_security.audit_list, name="audit_log"),
    path("audit/export/", views_security.audit_export, name="audit_export"),
    path("audit/accounts/", views_security.audit_accounts, name="audit_accounts"),
]
