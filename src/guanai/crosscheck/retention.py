"""The retention of uploaded lists (DESIGN §5): rows and files deleted, findings kept."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from guanai.crosscheck.models import CheckList, ListRow


def lists_purge(*, days: int | None = None) -> int:
    """Delete the rows and files of lists uploaded more than ``days`` ago; return how many."""
    days = settings.GUANAI_CROSSCHECK_RETENTION_DAYS if days is None else days
    before = timezone.now() - timedelta(days=days)
    due = list(CheckList.objects.filter(uploaded_at__lt=before, rows_purged_at__isnull=True))
    for check_list in due:
        with transaction.atomic():
            ListRow.objects.filter(check_list=check_list).delete()
            if check_list.stored_file:
                Path(check_list.stored_file).unlink(missing_ok=True)
            check_list.stored_file = ""
            check_list.rows_purged_at = timezone.now()
            check_list.save(update_fields=["stored_file", "rows_purged_at"])
    return len(due)
