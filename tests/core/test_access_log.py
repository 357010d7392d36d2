"""The access log is append-only: no code path can change or delete a row."""

from __future__ import annotations

import pytest

from guanai.accounts.models import User
from guanai.core.audit import access_log, export_logged
from guanai.core.models import AccessLog, AppendOnlyError, AuditAction


def test_rows_cannot_be_changed_or_deleted(township_worker: User) -> None:
    entry = access_log(user=township_worker, action=AuditAction.READ, object_repr="档案")
    entry.object_repr = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(object_repr="tampered")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get(pk=entry.pk).object_repr == "档案"


def test_export_records_what_how_many_and_why(township_worker: User) -> None:
    entry = export_logged(
        user=township_worker,
        what="roster",
        rows=12,
        filters={"category": "orphan"},
        purpose="月报",
    )
    assert entry.action == AuditAction.EXPORT
    assert entry.username == "township_worker"
    assert entry.detail == {"rows": 12, "filters": {"category": "orphan"}, "purpose": "月报"}


def test_failed_login_for_unknown_name_is_kept_with_the_name(db: None) -> None:
    entry = access_log(user=None, username="nobody", action=AuditAction.LOGIN_FAILED)
    assert entry.user is None
    assert entry.username == "nobody"


def test_a_typed_username_longer_than_the_column_is_kept_marked_as_shortened(db: None) -> None:
    from guanai.core.audit import access_log
    from guanai.core.models import AccessLog, AuditAction

    entry = access_log(user=None, username="管" * 400, action=AuditAction.LOGIN_FAILED)
    stored = AccessLog.objects.get(pk=entry.pk)
    assert stored.username == "管" * 149 + "…"
