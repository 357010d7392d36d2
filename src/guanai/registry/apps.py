from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "guanai.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.core.audit import reverse_one_to_ones
        from guanai.registry.models import Consent, Contact, Person, PersonCategory, Transfer

        # Ciphertexts and hashes change on every save and say nothing to an auditor.
        auditlog.register(
            Person, exclude_fields=["id_number", "id_hash", "phone", *reverse_one_to_ones(Person)]
        )
        auditlog.register(PersonCategory)
        auditlog.register(Contact, exclude_fields=["phone", "id_number"])
        auditlog.register(Consent)
        auditlog.register(Transfer)

        # Notification kinds (issue 22): what this app notifies, and to whom.
        from guanai.registry import notifications

        notifications.register()
        # The app's scheduled jobs (the times are in notify.jobs.SCHEDULE; issue 22).
        from guanai.registry import jobs as scheduled_jobs

        scheduled_jobs.register()
