"""The retention of uploaded lists (DESIGN §5): rows and files deleted, findings kept.

A finding about someone not registered keeps the ID number (encrypted) that registering
them needs; once it is resolved and its list's retention has ended, the number goes too,
so that of a person the registry never held only the name stays, beside what was done.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from guanai.crosscheck.models import CheckList, Finding, FindingStatus, ListRow


def lists_purge(*, days: int | None = None) -> int:
    """Delete the rows and files of lists uploaded more than ``days`` ago; return how many."""
    days = settings.GUANAI_CROSSCHECK_RETENTION_DAYS if days is None else days
    before = timezone.now() - timedelta(days=days)
    due = list(CheckList.objects.filter(uploaded_at__lt=before, rows_purged_at__isnull=True))
    for check_list in due:
        with transaction.atomic():
            ListRow.objects.filter(check_list=check_list).delete()
            Finding.objects.filter(first_list=check_list, person__isnull=True).exclude(
                status=FindingStatus.OPEN
            ).exclude(id_number="").update(id_number="")
            if check_list.stored_file:
                Path(check_list.stored_file).unlink(missing_ok=True)
            check_list.stored_file = ""
            check_list.rows_purged_at = timezone.now()
            check_list.save(update_fields=["stored_file", "rows_purged_at"])
    return len(due)
