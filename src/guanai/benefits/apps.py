from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "guanai.benefits"
    label = "benefits"
    verbose_name = _("Benefits")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.benefits.models import (
            Entitlement,
            MedicalClaim,
            PaymentAccount,
            PaymentRoll,
            PolicyRate,
        )

        for model in (Entitlement, MedicalClaim, PaymentRoll, PolicyRate):
            auditlog.register(model)
        # The account number is encrypted: its ciphertext changes on every save and its
        # plaintext must not sit in the change log.
        auditlog.register(PaymentAccount, exclude_fields=["account_number"])

        from guanai.benefits import file_link

        file_link.register()

        # Notification kinds (issue 22): what this app notifies, and to whom.
        from guanai.benefits import notifications

        notifications.register()
