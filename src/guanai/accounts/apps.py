from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "guanai.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.accounts import signals  # noqa: F401  (connects the login audit)
        from guanai.accounts.models import ApiToken, Membership, User
        from guanai.core.audit import reverse_one_to_ones

        auditlog.register(
            User,
            exclude_fields=[
                "password",
                "last_login",
                "password_changed_at",
                *reverse_one_to_ones(User),
            ],
        )
        auditlog.register(Membership)
        auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
