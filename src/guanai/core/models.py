"""Models of the core: the append-only access log (reads, exports, reveals, logins)."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Account locked")
    LOGOUT = "logout", _("Logout")
    UNLOCK = "unlock", _("Lock reset")
    PASSWORD_CHANGE = "password_change", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password set by an administrator")
    ACCOUNT_CREATE = "account_create", _("Account created")
    ROLE_REQUEST = "role_request", _("Role requested")
    ROLE_GRANT = "role_grant", _("Role granted")
    ROLE_APPROVE = "role_approve", _("Role approved")
    ROLE_REJECT = "role_reject", _("Role refused")
    ROLE_REVOKE = "role_revoke", _("Role removed")
    READ = "read", _("Read sensitive record")
    REVEAL = "reveal", _("Revealed masked value")
    EXPORT = "export", _("Export")
    TOKEN = "token", _("API token")
    BACKUP = "backup", _("Database backup")
    RESTORE = "restore", _("Database restore")
    LOG_ARCHIVE = "log_archive", _("Old log months archived and removed")
    # Domain events: each names the write that matters, written by the service that does it.
    PRINT = "print", _("Printed")
    TRANSFER = "transfer", _("Transfer decided")
    REPORT_SUBMIT = "report_submit", _("Report submitted")
    REPORT_RETURN = "report_return", _("Report returned")
    REPORT_ACCEPT = "report_accept", _("Report accepted")
    BULLETIN_PUBLISH = "bulletin_publish", _("Bulletin published")
    ASSESSMENT_FINALISE = "assessment_finalise", _("Assessment finalised")
    INFO_REPORT_REVIEW = "info_report_review", _("Information report reviewed")
    PLAN_REVIEW = "plan_review", _("Plan reviewed")
    PLAN_PROGRESS = "plan_progress", _("Plan progress entered")
    GRANT_DECIDE = "grant_decide", _("Fund grant decided")
    HOURS_CONFIRM = "hours_confirm", _("Volunteer hours confirmed")
    SHIFT_CORRECT = "shift_correct", _("Volunteer shift corrected")
    SURVEY_ANSWER = "survey_answer", _("Survey answers saved")
    SURVEY_PUBLISH = "survey_publish", _("Questionnaire published")
    SURVEY_CASE = "survey_case", _("Survey case changed")
    ASSISTANCE_DECIDE = "assistance_decide", _("Assistance request decided")
    ASSISTANCE_DELIVER = "assistance_deliver", _("Assistance delivered")
    CROSSCHECK_UPLOAD = "crosscheck_upload", _("Cross-check list uploaded")
    ROLL_OVERRIDE = "roll_override", _("Roll approved despite a cross-check finding")


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit row."""


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be deleted.")


class AccessLog(models.Model):
    """One read, export, reveal or login event. Rows are written once and never changed."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The username is kept as text so the row stays readable if the account is renamed,
    # and so failed logins for names that do not exist are recorded too.
    username = models.CharField(_("username"), max_length=150, db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["action", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be deleted.")
